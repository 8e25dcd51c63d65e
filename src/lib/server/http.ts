import { error } from '@sveltejs/kit';

/**
 * Reads a request body, refusing with 413 as soon as it exceeds `maxBytes`, whether or not Content-Length was sent
 * or honest, so an oversized upload never gets buffered whole.
 */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (declared > maxBytes) error(413, `body of ${declared} bytes exceeds ${maxBytes}`);
	if (!request.body) return new Uint8Array(0);
	const reader = request.body.getReader();
	const parts: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.byteLength;
		if (total > maxBytes) {
			await reader.cancel();
			error(413, `body exceeds ${maxBytes} bytes`);
		}
		parts.push(value);
	}
	const out = new Uint8Array(total);
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.byteLength;
	}
	return out;
}

/**
 * Maps the server modules' typed errors to HTTP answers. Permanent input errors use 4xx codes the upload queue
 * does not retry (400/404/422); anything unknown rethrows and goes through handleError as a 500.
 */
export function httpErrorFor(err: unknown): never {
	const name = (err as Error | null)?.name;
	const message = (err as Error | null)?.message ?? 'error';
	switch (name) {
		case 'NotFoundError':
			error(404, message);
		case 'ChunkFormatError':
		case 'TypeError':
		case 'RangeError':
			error(400, message);
		case 'OverrideReasonRequiredError':
			error(400, message);
		case 'OverrideNotPermittedError':
			error(403, message);
		case 'UndeclaredChannelError':
		case 'ChunkConflictError':
			error(422, message);
		default:
			throw err;
	}
}
