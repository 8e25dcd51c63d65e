// Draws the PWA icons (static/icons/*.png) from the same shapes as static/icons/icon.svg: a dark tile with an orange
// gauge arc and a white needle. Plain Node (zlib PNG encoder, 4×4 supersampling), so no image library is needed.
// Run: node scripts/generate-pwa-icons.js
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BACKGROUND = [0x1c, 0x1f, 0x23];
const ARC = [0xe8, 0x59, 0x0c];
const NEEDLE = [0xff, 0xff, 0xff];

/** Coverage of each shape at a point in unit space (0..1 across the icon). `safe` shrinks the art for maskable. */
function paint(x, y, { maskable }) {
	const scale = maskable ? 0.8 : 1; // maskable art stays inside the 80 % safe circle (W3C Manifest §maskable)
	const u = (x - 0.5) / scale;
	const v = (y - 0.5) / scale;
	let tile;
	if (maskable) tile = true;
	else {
		// Rounded square, corner radius 0.18 of the side.
		const r = 0.18;
		const dx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0);
		const dy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
		tile = dx * dx + dy * dy <= r * r;
	}
	if (!tile) return null;
	const dist = Math.hypot(u, v - 0.04);
	// Angle measured clockwise from straight down; the gauge spans 45°..315° (a 270° sweep open at the bottom).
	const angle = ((Math.atan2(-u, v - 0.04) * 180) / Math.PI + 360) % 360;
	if (dist >= 0.27 && dist <= 0.34 && angle >= 45 && angle <= 315) return ARC;
	// Needle from the hub towards 230° (upper right), 0.03 wide.
	const a = (230 * Math.PI) / 180;
	const dirX = -Math.sin(a);
	const dirY = Math.cos(a);
	const px = u;
	const py = v - 0.04;
	const along = px * dirX + py * dirY;
	const across = Math.abs(px * dirY - py * dirX);
	if ((along >= 0 && along <= 0.26 && across <= 0.022) || dist <= 0.05) return NEEDLE;
	return BACKGROUND;
}

function render(size, options) {
	const n = 4;
	const rgba = Buffer.alloc(size * size * 4);
	for (let py = 0; py < size; py++) {
		for (let px = 0; px < size; px++) {
			let r = 0,
				g = 0,
				b = 0,
				a = 0;
			for (let sy = 0; sy < n; sy++) {
				for (let sx = 0; sx < n; sx++) {
					const c = paint((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size, options);
					if (!c) continue;
					r += c[0];
					g += c[1];
					b += c[2];
					a += 1;
				}
			}
			const i = (py * size + px) * 4;
			if (a) {
				rgba[i] = Math.round(r / a);
				rgba[i + 1] = Math.round(g / a);
				rgba[i + 2] = Math.round(b / a);
			}
			rgba[i + 3] = Math.round((a / (n * n)) * 255);
		}
	}
	return png(size, rgba);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, k) => {
	let c = k;
	for (let i = 0; i < 8; i++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
function crc32(buf) {
	let c = 0xffffffff;
	for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
	const out = Buffer.alloc(12 + data.length);
	out.writeUInt32BE(data.length, 0);
	out.write(type, 4, 'latin1');
	data.copy(out, 8);
	out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
	return out;
}
/** PNG (ISO/IEC 15948): 8-bit RGBA, filter 0 on every row. */
function png(size, rgba) {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header.set([8, 6, 0, 0, 0], 8);
	const raw = Buffer.alloc(size * (size * 4 + 1));
	for (let y = 0; y < size; y++)
		rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(raw, { level: 9 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

const dir = new URL('../static/icons/', import.meta.url);
mkdirSync(dir, { recursive: true });
const icons = [
	['icon-192.png', 192, false],
	['icon-512.png', 512, false],
	['maskable-512.png', 512, true],
	['apple-touch-icon-180.png', 180, true]
];
for (const [name, size, maskable] of icons) {
	writeFileSync(new URL(name, dir), render(size, { maskable }));
	console.log(`static/icons/${name}`);
}
