import { error } from '@sveltejs/kit';
import { httpErrorFor } from '../http';

/** httpErrorFor plus the import's own: the size cap answers 413. */
export function importHttpError(err: unknown): never {
	if ((err as Error | null)?.name === 'ImportTooLargeError') error(413, (err as Error).message);
	httpErrorFor(err);
}
