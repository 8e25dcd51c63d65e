import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { OutboxItem, OutboxStore } from '../logs/upload-queue';

interface OutboxDb extends DBSchema {
	outbox: { key: number; value: OutboxItem };
}

/**
 * The upload outbox in IndexedDB. Writes use durability 'strict' so a chunk is on disk, not only in the OS cache,
 * before the recorder moves on (IndexedDB 3.0 §2.7 "transaction durability hint").
 */
export class IdbOutboxStore implements OutboxStore {
	private constructor(private readonly db: IDBPDatabase<OutboxDb>) {}

	static async open(name = 'cartech-outbox'): Promise<IdbOutboxStore> {
		const db = await openDB<OutboxDb>(name, 1, {
			upgrade(upgradeDb) {
				upgradeDb.createObjectStore('outbox', { keyPath: 'key', autoIncrement: true });
			}
		});
		return new IdbOutboxStore(db);
	}

	async put(item: OutboxItem): Promise<number> {
		const { key: _ignored, ...rest } = item;
		const tx = this.db.transaction('outbox', 'readwrite', { durability: 'strict' });
		const key = await tx.store.add(rest as OutboxItem);
		await tx.done;
		return key;
	}

	async update(item: OutboxItem): Promise<void> {
		const tx = this.db.transaction('outbox', 'readwrite', { durability: 'strict' });
		await tx.store.put(item);
		await tx.done;
	}

	async delete(key: number): Promise<void> {
		const tx = this.db.transaction('outbox', 'readwrite', { durability: 'strict' });
		await tx.store.delete(key);
		await tx.done;
	}

	all(): Promise<OutboxItem[]> {
		return this.db.getAll('outbox');
	}
}
