import * as v from 'valibot';
import { EmailSchema } from './auth';

/** Shared by the forms and the server (STYLE R7); the role and status names match the database enums. */
export const SHOP_ROLE_NAMES = ['owner', 'tuner', 'technician', 'front_desk'] as const;
export const JOB_STATUS_NAMES = [
	'quoted',
	'booked',
	'in_progress',
	'awaiting_approval',
	'done',
	'invoiced'
] as const;

export const ROLE_LABELS: Record<(typeof SHOP_ROLE_NAMES)[number], string> = {
	owner: 'Owner',
	tuner: 'Tuner',
	technician: 'Technician',
	front_desk: 'Front desk'
};

export const STATUS_LABELS: Record<(typeof JOB_STATUS_NAMES)[number], string> = {
	quoted: 'Quoted',
	booked: 'Booked',
	in_progress: 'In progress',
	awaiting_approval: 'Awaiting approval',
	done: 'Done',
	invoiced: 'Invoiced'
};

const text = (label: string, max: number) =>
	v.pipe(
		v.string(`Enter ${label}`),
		v.trim(),
		v.nonEmpty(`Enter ${label}`),
		v.maxLength(max, `Use at most ${max} characters`)
	);

/** An optional form field: missing or blank becomes null. */
const optionalText = (max: number) =>
	v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(max, `Use at most ${max} characters`),
		v.transform((s) => (s === '' ? null : s))
	);

const checkbox = v.pipe(
	v.optional(v.string(), ''),
	v.transform((s) => s === 'on' || s === 'true')
);

export const InviteSchema = v.object({
	email: EmailSchema,
	role: v.picklist(SHOP_ROLE_NAMES, 'Choose a role')
});

export const RoleChangeSchema = v.object({
	userId: text('a member', 100),
	role: v.picklist(SHOP_ROLE_NAMES, 'Choose a role')
});

/** The form field names each schema reads, for `formFields`. */
export const CUSTOMER_FIELDS = ['name', 'email', 'phone', 'notes'] as const;
export const VEHICLE_FIELDS = [
	'vin',
	'name',
	'make',
	'model',
	'year',
	'allowMissingCheckDigit',
	'baseProfileId'
] as const;
export const JOB_BOOKING_FIELDS = [
	'vehicleId',
	'title',
	'status',
	'bayId',
	'technicianId',
	'scheduledStart',
	'scheduledEnd'
] as const;

export const CustomerSchema = v.object({
	name: text('the customer’s name', 200),
	email: v.union(
		[
			v.pipe(
				v.optional(v.literal(''), ''),
				v.transform(() => null)
			),
			v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email('Enter a valid email address'))
		],
		'Enter a valid email address'
	),
	phone: v.pipe(
		optionalText(40),
		v.check((s) => s === null || /^[+()\d][\d\s().-]*$/.test(s), 'Enter a phone number')
	),
	notes: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(5000, 'Use at most 5000 characters')
	)
});

const YEAR = v.pipe(
	v.optional(v.string(), ''),
	v.trim(),
	v.check((s) => s === '' || /^\d{4}$/.test(s), 'Enter a four-digit year'),
	v.transform((s) => (s === '' ? null : Number(s))),
	v.check((y) => y === null || (y >= 1900 && y <= 2100), 'Enter a year between 1900 and 2100')
);

/** The VIN itself is checked by the server (check digit, WMI); the form only needs one. */
export const VehicleSchema = v.object({
	vin: text('the VIN', 40),
	name: optionalText(120),
	make: optionalText(60),
	model: optionalText(60),
	year: YEAR,
	allowMissingCheckDigit: checkbox,
	baseProfileId: optionalText(60)
});

/** `<input type="datetime-local">` value: shop wall-clock time to the minute. */
const wallTime = v.pipe(
	v.optional(v.string(), ''),
	v.trim(),
	v.check((s) => s === '' || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(s), 'Enter a date and time'),
	v.transform((s) => (s === '' ? null : s))
);

export const JobBookingSchema = v.object({
	vehicleId: text('a vehicle', 100),
	title: text('what the job is', 200),
	status: v.optional(
		v.picklist(['quoted', 'booked'] as const, 'Choose quoted or booked'),
		'booked'
	),
	bayId: optionalText(100),
	technicianId: optionalText(100),
	scheduledStart: wallTime,
	scheduledEnd: wallTime
});

export const JobAssignmentSchema = v.object({
	title: text('what the job is', 200),
	bayId: optionalText(100),
	technicianId: optionalText(100),
	scheduledStart: wallTime,
	scheduledEnd: wallTime
});

export const TimeEntrySchema = v.object({
	minutes: v.pipe(
		v.string('Enter minutes'),
		v.trim(),
		v.check((s) => /^\d{1,4}$/.test(s), 'Enter whole minutes'),
		v.transform(Number),
		v.minValue(1, 'Enter at least 1 minute'),
		v.maxValue(24 * 60, 'One entry covers at most 24 hours')
	),
	note: v.pipe(v.optional(v.string(), ''), v.trim(), v.maxLength(500, 'Use at most 500 characters'))
});

export const NoteSchema = v.object({
	body: text('a note', 5000)
});

export const BaySchema = v.object({
	name: text('a bay name', 60)
});

export type InviteInput = v.InferOutput<typeof InviteSchema>;
export type CustomerInput = v.InferOutput<typeof CustomerSchema>;
export type VehicleFormInput = v.InferOutput<typeof VehicleSchema>;
export type JobBookingInput = v.InferOutput<typeof JobBookingSchema>;
export type JobAssignmentInput = v.InferOutput<typeof JobAssignmentSchema>;
