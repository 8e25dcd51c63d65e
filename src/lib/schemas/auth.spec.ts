import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fieldErrors, formFields, SignInSchema, SignUpSchema } from './auth';

const valid = {
	name: 'Ada',
	email: 'ada@example.com',
	password: 'longenough',
	shopName: 'Ada Motors'
};

function errorsOf(input: Record<string, unknown>) {
	const result = v.safeParse(SignUpSchema, input);
	return result.success ? {} : fieldErrors(result.issues);
}

describe('sign-up schema', () => {
	it('normalises the email to trimmed lower case and trims names', () => {
		const out = v.parse(SignUpSchema, { ...valid, email: '  Ada@Example.COM ', name: ' Ada ' });
		expect(out.email).toBe('ada@example.com');
		expect(out.name).toBe('Ada');
	});

	it('rejects a malformed email with a message on the email field', () => {
		expect(errorsOf({ ...valid, email: 'ada.example.com' })).toEqual({
			email: 'Enter a valid email address'
		});
	});

	it('rejects passwords shorter than 8 or longer than 256 characters', () => {
		expect(errorsOf({ ...valid, password: 'short7!' }).password).toMatch(/at least 8/);
		expect(errorsOf({ ...valid, password: 'x'.repeat(257) }).password).toMatch(/at most 256/);
		expect(errorsOf({ ...valid, password: 'x'.repeat(256) })).toEqual({});
	});

	it('requires a name and a shop name that are not just spaces', () => {
		expect(errorsOf({ ...valid, name: '   ', shopName: '' })).toEqual({
			name: 'Enter your name',
			shopName: 'Enter a shop name'
		});
	});

	it('reports fields missing from a submitted form on those fields', () => {
		const form = new FormData();
		form.set('email', valid.email);
		form.set('password', valid.password);
		const fields = formFields(form, ['name', 'email', 'password', 'shopName']);
		expect(errorsOf(fields)).toEqual({
			name: 'Enter your name',
			shopName: 'Enter a shop name'
		});
	});
});

describe('sign-in schema', () => {
	it('does not apply the new-password length rule to existing passwords', () => {
		expect(v.safeParse(SignInSchema, { email: 'a@b.co', password: 'short' }).success).toBe(true);
	});

	it('rejects an empty password and a password over 256 characters', () => {
		expect(v.safeParse(SignInSchema, { email: 'a@b.co', password: '' }).success).toBe(false);
		expect(v.safeParse(SignInSchema, { email: 'a@b.co', password: 'x'.repeat(257) }).success).toBe(
			false
		);
	});
});

describe('formFields', () => {
	it('reads strings and turns missing fields and file uploads into undefined', () => {
		const form = new FormData();
		form.set('email', 'a@b.co');
		form.set('password', new Blob(['x']), 'pw.txt');
		expect(formFields(form, ['email', 'password', 'name'])).toEqual({
			email: 'a@b.co',
			password: undefined,
			name: undefined
		});
	});
});
