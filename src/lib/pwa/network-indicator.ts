import type { UploadStatus } from '../logs/upload-queue';

export interface NetworkIndicator {
	state: 'online' | 'offline' | 'syncing';
	text: string;
}

const chunks = (n: number) => `${n} ${n === 1 ? 'chunk' : 'chunks'}`;

/**
 * The header's one-line answer to "is my data safe yet": offline (and what waits on this device), syncing (what is
 * still to send) or online with nothing pending. Rejected items are named, since they need a person.
 */
export function networkIndicator(
	online: boolean,
	upload: Pick<UploadStatus, 'pending' | 'rejected'>
): NetworkIndicator {
	const rejected = upload.rejected ? ` · ${upload.rejected} rejected` : '';
	if (!online)
		return {
			state: 'offline',
			text: `Offline${upload.pending ? ` · ${chunks(upload.pending)} waiting` : ''}${rejected}`
		};
	if (upload.pending)
		return { state: 'syncing', text: `Syncing ${chunks(upload.pending)}${rejected}` };
	return { state: 'online', text: `Online${rejected}` };
}
