/**
 * gs_usb (candleLight, CANable-candleLight, CANtact, GS USB2CAN) wire formats: control requests,
 * `struct gs_host_frame`, error frames, timestamps and bit timing. Pure codecs, no I/O (STYLE R15).
 * src: torvalds/linux@00246751 drivers/net/can/usb/gs_usb.c; candle-usb/candleLight_fw@64dc8dc.
 */
export * from './gs-usb-requests';
export * from './gs-usb-frame';
export * from './can-error-frame';
export * from './timestamp-unwrap';
export * from './bit-timing';
