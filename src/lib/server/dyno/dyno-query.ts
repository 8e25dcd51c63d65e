import * as v from 'valibot';
import type { CorrectionStandard, VehicleProfile } from '../../analytics';
import { SIMULATED_CAR_PROFILE } from '../../hardware/emulators/vehicle/reference-power';
import type { DynoRole } from './channel-roles';

/**
 * The dyno form's fields as they travel in the URL (a GET form, so a run can be bookmarked and shared). Every
 * field has a default: the simulated car's figures (car-spec.ts), which a user edits for their own car.
 */
export const DYNO_FORM_DEFAULTS = {
	massKg: String(SIMULATED_CAR_PROFILE.massKg),
	driverKg: '0',
	gearRatios: SIMULATED_CAR_PROFILE.gearRatios.join(', '),
	finalDrive: String(SIMULATED_CAR_PROFILE.finalDrive),
	rollingRadiusM: String(SIMULATED_CAR_PROFILE.rollingRadiusM),
	tyreSize: '',
	cdA: String(SIMULATED_CAR_PROFILE.cdA),
	crr: String(SIMULATED_CAR_PROFILE.crr),
	drivetrainLoss: String(SIMULATED_CAR_PROFILE.drivetrainLoss),
	engineInertiaKgM2: String(SIMULATED_CAR_PROFILE.engineInertiaKgM2),
	correction: 'sae-j1349',
	basis: 'wheel',
	gear: '',
	rpmChannel: '',
	tpsChannel: '',
	speedChannel: '',
	gearChannel: ''
} as const;

export type DynoForm = { -readonly [K in keyof typeof DYNO_FORM_DEFAULTS]: string };

export const CORRECTIONS = [
	{ value: 'sae-j1349', label: 'SAE J1349' },
	{ value: 'din-70020', label: 'DIN 70020' },
	{ value: 'none', label: 'None (as measured)' }
] as const satisfies readonly { value: CorrectionStandard; label: string }[];

const num = (label: string, min: number, max: number) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(`${label} is required`),
		v.transform(Number),
		v.number(`${label} must be a number`),
		v.minValue(min, `${label} must be at least ${min}`),
		v.maxValue(max, `${label} must be at most ${max}`)
	);

const FormSchema = v.object({
	massKg: num('Mass', 50, 50_000),
	driverKg: num('Driver mass', 0, 1000),
	gearRatios: v.pipe(
		v.string(),
		v.transform((s) =>
			s
				.split(/[\s,;]+/)
				.filter(Boolean)
				.map(Number)
		),
		v.array(
			v.pipe(
				v.number('gear ratios must be numbers'),
				v.gtValue(0, 'gear ratios must be positive'),
				v.maxValue(20)
			)
		),
		v.minLength(1, 'give at least one gear ratio'),
		v.maxLength(12, 'at most 12 gears')
	),
	finalDrive: num('Final drive', 0.5, 20),
	rollingRadiusM: num('Rolling radius', 0.1, 1.5),
	tyreSize: v.pipe(v.string(), v.trim(), v.maxLength(20)),
	cdA: num('CdA', 0, 20),
	crr: num('Rolling resistance', 0, 0.1),
	drivetrainLoss: num('Drivetrain loss', 0, 0.6),
	engineInertiaKgM2: num('Engine inertia', 0, 10),
	correction: v.picklist(
		CORRECTIONS.map((c) => c.value),
		'correction must be SAE J1349, DIN 70020 or none'
	),
	basis: v.picklist(['wheel', 'crank'], 'basis must be wheel or crank'),
	gear: v.pipe(
		v.string(),
		v.trim(),
		v.transform((s) => (s === '' ? undefined : Number(s))),
		v.optional(
			v.pipe(v.number('gear must be a number'), v.integer(), v.minValue(1), v.maxValue(12))
		)
	),
	rpmChannel: v.string(),
	tpsChannel: v.string(),
	speedChannel: v.string(),
	gearChannel: v.string()
});

/** What a dyno run is computed with. */
export interface DynoRequest {
	profile: VehicleProfile;
	correction: CorrectionStandard;
	basis: 'wheel' | 'crank';
	/** Forces the gear (1 = first); otherwise the logged gear, then the one matched from rpm/speed. */
	gear?: number;
	/** Role → channel name ('' = none); roles left out are detected by name. */
	channels: Partial<Record<DynoRole, string>>;
}

/** The form's fields (defaults filled, for echoing back) and the request they make, or why they make none. */
export function parseDynoForm(
	params: URLSearchParams
): { form: DynoForm } & (
	{ request: DynoRequest; message: null } | { request: null; message: string }
) {
	const form = { ...DYNO_FORM_DEFAULTS } as DynoForm;
	for (const k of Object.keys(form) as (keyof DynoForm)[]) {
		const given = params.get(k);
		if (given !== null) form[k] = given.slice(0, 200);
	}
	const parsed = v.safeParse(FormSchema, form);
	if (!parsed.success) return { form, request: null, message: parsed.issues[0].message };
	const f = parsed.output;
	const channels: DynoRequest['channels'] = {};
	if (f.rpmChannel) channels.rpm = f.rpmChannel;
	if (f.tpsChannel) channels.tps = f.tpsChannel === '-' ? '' : f.tpsChannel;
	if (f.speedChannel) channels.speed = f.speedChannel === '-' ? '' : f.speedChannel;
	if (f.gearChannel) channels.gear = f.gearChannel === '-' ? '' : f.gearChannel;
	return {
		form,
		message: null,
		request: {
			profile: {
				massKg: f.massKg,
				driverKg: f.driverKg,
				gearRatios: f.gearRatios,
				finalDrive: f.finalDrive,
				...(f.tyreSize ? { tyreSize: f.tyreSize } : { rollingRadiusM: f.rollingRadiusM }),
				cdA: f.cdA,
				crr: f.crr,
				drivetrainLoss: f.drivetrainLoss,
				engineInertiaKgM2: f.engineInertiaKgM2
			},
			correction: f.correction,
			basis: f.basis,
			gear: f.gear,
			channels
		}
	};
}
