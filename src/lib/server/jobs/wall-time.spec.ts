import { describe, expect, it } from 'vitest';
import {
	addDays,
	checkDate,
	checkWallTime,
	fromDbWallTime,
	toDbWallTime,
	weekStart
} from './wall-time';

describe('shop wall-clock times', () => {
	it('round-trips a datetime-local value through the database form', () => {
		expect(toDbWallTime('2025-03-03T09:30')).toBe('2025-03-03 09:30:00');
		expect(fromDbWallTime('2025-03-03 09:30:00')).toBe('2025-03-03T09:30');
		expect(fromDbWallTime('2025-03-03T09:30:00')).toBe('2025-03-03T09:30');
		expect(fromDbWallTime(null)).toBeNull();
	});

	it('refuses impossible dates and times with a TypeError', () => {
		for (const bad of ['2025-02-30T09:00', '2025-03-03T24:00', '2025-03-03 09:00', '2025-3-3T9:00'])
			expect(() => checkWallTime(bad)).toThrow(TypeError);
		expect(() => checkDate('2025-13-01')).toThrow(TypeError);
		expect(() => checkDate('yesterday')).toThrow(TypeError);
	});

	it('adds days across month and year ends and finds the ISO week’s Monday', () => {
		expect(addDays('2024-12-30', 7)).toBe('2025-01-06');
		expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
		expect(weekStart('2025-03-05')).toBe('2025-03-03');
		expect(weekStart('2025-03-09')).toBe('2025-03-03');
		expect(weekStart('2025-03-03')).toBe('2025-03-03');
	});
});
