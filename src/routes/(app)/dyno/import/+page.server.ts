import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import {
	DYNO_CORRECTION_LABELS,
	dynoActionFailure,
	importDynoRun,
	listDynoMappings,
	listLinkableJobs,
	listVehicleChoices,
	saveDynoMapping
} from '$lib/server/dyno-runs';
import { actorFrom } from '$lib/server/shops';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, url }) => {
	const { shop } = await parent();
	const db = getDb();
	const [vehicles, jobs, mappings] = await Promise.all([
		listVehicleChoices(db, shop.id),
		listLinkableJobs(db, shop.id),
		listDynoMappings(db, shop.id)
	]);
	return {
		vehicles,
		jobs,
		mappings,
		corrections: DYNO_CORRECTION_LABELS,
		vehicleId: url.searchParams.get('vehicle') ?? ''
	};
};

const FIELDS = ['name', 'vehicleId', 'jobId', 'tuneVersionId', 'correction', 'basis'] as const;

export const actions: Actions = {
	/** The export (multipart `file`), its links, and the mapping the page previewed (JSON; empty: detect). */
	import: async ({ request, locals }) => {
		const actor = actorFrom(locals);
		const data = await request.formData();
		const values = Object.fromEntries(
			FIELDS.map((f) => [f, String(data.get(f) ?? '').trim()])
		) as Record<(typeof FIELDS)[number], string>;
		const file = data.get('file');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, { ...values, message: 'Choose the dyno’s CSV export.' });
		let mapping: unknown = null;
		const mappingText = String(data.get('mapping') ?? '');
		try {
			if (mappingText) mapping = JSON.parse(mappingText);
		} catch {
			return fail(400, { ...values, message: 'The column mapping is not valid JSON.' });
		}
		const saveAs = String(data.get('saveAs') ?? '').trim();
		if (saveAs && !mapping)
			return fail(400, { ...values, message: 'Check the column mapping before saving it.' });
		const db = getDb();
		let id: string;
		try {
			({ id } = await importDynoRun(db, actor, {
				...values,
				correction: (values.correction || 'auto') as 'auto',
				basis: values.basis === 'crank' ? 'crank' : 'wheel',
				fileName: file.name,
				body: file.stream(),
				mapping
			}));
			if (saveAs) await saveDynoMapping(db, actor, { name: saveAs, mapping });
		} catch (err) {
			return dynoActionFailure(err, values);
		}
		redirect(303, `/dyno/${id}`);
	}
};
