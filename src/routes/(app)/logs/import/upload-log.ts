/** What POST /api/logs/import answers, as the page needs it. */
export type UploadAnswer =
	| { kind: 'imported'; logId: string }
	| {
			kind: 'damaged';
			message: string;
			rowsBeforeDamage: number;
	  }
	| { kind: 'failed'; message: string };

/**
 * Sends the file as the request body, straight from disk (the browser streams a File; it is never read into
 * memory here). XMLHttpRequest rather than fetch because only it reports upload progress.
 */
export function uploadLog(
	file: File,
	params: URLSearchParams,
	onProgress: (fraction: number) => void
): Promise<UploadAnswer> {
	return new Promise((resolve) => {
		const xhr = new XMLHttpRequest();
		xhr.open('POST', `/api/logs/import?${params}`);
		xhr.setRequestHeader('content-type', 'application/octet-stream');
		xhr.upload.onprogress = (e) => {
			if (e.lengthComputable) onProgress(e.loaded / e.total);
		};
		xhr.onerror = () =>
			resolve({ kind: 'failed', message: 'The upload broke off (connection lost?). Try again.' });
		xhr.onload = () => {
			let body: Record<string, unknown> = {};
			try {
				body = JSON.parse(xhr.responseText) as Record<string, unknown>;
			} catch {
				// not JSON: a proxy's error page
			}
			if (xhr.status === 201) return resolve({ kind: 'imported', logId: String(body.logId) });
			if (xhr.status === 422) {
				const damage = body.damage as { message?: string } | undefined;
				return resolve({
					kind: 'damaged',
					message: damage?.message ?? 'the file is damaged',
					rowsBeforeDamage: Number(body.rowsBeforeDamage ?? 0)
				});
			}
			const message =
				typeof body.message === 'string' ? body.message : `the server answered ${xhr.status}`;
			resolve({ kind: 'failed', message });
		};
		xhr.send(file);
	});
}
