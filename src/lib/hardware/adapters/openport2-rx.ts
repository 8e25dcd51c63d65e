import { MalformedTransferError } from '../errors';
import { TimestampUnwrapper } from '../protocol/timestamp-unwrap';
import { OpenPortRxParser, RxPacketType, type OpenPortRxEvent } from '../protocol/openport';
import { MessageAssembler, type AssemblerOutput } from './openport2-messages';

/** Things worth logging that do not stop the stream. */
export type OpenPort2Warning =
	| { kind: 'malformed'; error: MalformedTransferError }
	| { kind: 'unknown-packet'; channel: number; type: number }
	| { kind: 'stray-reply'; event: OpenPortRxEvent }
	| { kind: 'foreign-channel'; channel: number }
	| { kind: 'periodic-failed'; id: number; error: unknown }
	| { kind: 'listener-error'; error: unknown };

export interface OpenPort2Stats {
	packets: number;
	malformed: number;
	unknownPackets: number;
	strayReplies: number;
}

export interface RxRouterOptions {
	/** The command lane: true when the event completed the command in flight. */
	offer(event: OpenPortRxEvent): boolean;
	deliver(protocol: number, out: Exclude<AssemblerOutput, { kind: 'malformed' }>): void;
	warn(warning: OpenPort2Warning): void;
}

/**
 * The bulk IN side of the OpenPort: parses reads incrementally, unwraps the 32-bit µs timestamps (the device has
 * one clock for every channel), hands replies and TX-done indications to the command lane and assembles each
 * connected channel's packets into messages. Nothing here throws for wire input; it counts and warns.
 */
export class RxRouter {
	readonly #options: RxRouterOptions;
	readonly #parser = new OpenPortRxParser();
	readonly #unwrapper = new TimestampUnwrapper();
	readonly #assemblers = new Map<number, MessageAssembler>();
	readonly stats: OpenPort2Stats = { packets: 0, malformed: 0, unknownPackets: 0, strayReplies: 0 };

	constructor(options: RxRouterOptions) {
		this.#options = options;
	}

	reset(): void {
		this.#parser.reset();
		this.#unwrapper.reset();
		this.#assemblers.clear();
	}

	addChannel(protocol: number): void {
		if (!this.#assemblers.has(protocol))
			this.#assemblers.set(protocol, new MessageAssembler(protocol));
	}

	removeChannel(protocol: number): void {
		this.#assemblers.delete(protocol);
	}

	push(bytes: Uint8Array): void {
		for (const event of this.#parser.push(bytes)) this.#dispatch(event);
	}

	malformed(message: string): void {
		this.stats.malformed++;
		this.#options.warn({
			kind: 'malformed',
			error: new MalformedTransferError(message, 'openport2')
		});
	}

	#dispatch(event: OpenPortRxEvent): void {
		switch (event.kind) {
			case 'packet': {
				this.stats.packets++;
				const timestampUs =
					event.timestampUs === undefined ? undefined : this.#unwrapper.unwrap(event.timestampUs);
				if (event.type === RxPacketType.TX_DONE) {
					if (!this.#options.offer(event)) this.#stray(event);
					return;
				}
				const assembler = this.#assemblers.get(event.channel);
				if (!assembler) {
					this.#options.warn({ kind: 'foreign-channel', channel: event.channel });
					return;
				}
				const out = assembler.push({ type: event.type, timestampUs, data: event.data });
				if (out?.kind === 'malformed') this.malformed(`channel ${event.channel}: ${out.reason}`);
				else if (out) this.#options.deliver(event.channel, out);
				return;
			}
			case 'unknown-packet':
				this.stats.unknownPackets++;
				this.#options.warn({ kind: 'unknown-packet', channel: event.channel, type: event.type });
				return;
			case 'malformed':
				this.malformed(`${event.reason}: ${hex(event.bytes)}`);
				return;
			case 'text':
				this.#stray(event);
				return;
			default:
				if (!this.#options.offer(event)) this.#stray(event);
		}
	}

	#stray(event: OpenPortRxEvent): void {
		this.stats.strayReplies++;
		this.#options.warn({ kind: 'stray-reply', event });
	}
}

function hex(bytes: Uint8Array): string {
	return Array.from(bytes.subarray(0, 32), (b) => b.toString(16).padStart(2, '0')).join(' ');
}
