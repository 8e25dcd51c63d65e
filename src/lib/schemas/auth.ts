import * as v from 'valibot';

/** RFC 5321 §4.5.3.1.3 caps a forward path at 256 octets, of which 254 remain for the address. */
const EMAIL_MAX = 254;
/** OWASP: allow long passphrases but cap them, so a megabyte "password" cannot pin a CPU in argon2. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
const NAME_MAX = 100;

/** Trimmed and lower-cased to match how `user.email` is stored. */
export const EmailSchema = v.pipe(
	v.string('Enter your email'),
	v.trim(),
	v.toLowerCase(),
	v.nonEmpty('Enter your email'),
	v.maxLength(EMAIL_MAX, 'That email is too long'),
	v.email('Enter a valid email address')
);

export const NewPasswordSchema = v.pipe(
	v.string('Enter a password'),
	v.minLength(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`),
	v.maxLength(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`)
);

function displayName(label: string) {
	return v.pipe(
		v.string(`Enter ${label}`),
		v.trim(),
		v.nonEmpty(`Enter ${label}`),
		v.maxLength(NAME_MAX, `Use at most ${NAME_MAX} characters`)
	);
}

export const SignUpSchema = v.object({
	name: displayName('your name'),
	email: EmailSchema,
	password: NewPasswordSchema,
	shopName: displayName('a shop name')
});

/**
 * Sign-in checks shape only: telling a user their password is "too short" would leak the policy of the day
 * and block accounts created under an older one. Wrong values get the one generic message.
 */
export const SignInSchema = v.object({
	email: v.pipe(
		v.string('Enter your email'),
		v.trim(),
		v.toLowerCase(),
		v.nonEmpty('Enter your email'),
		v.maxLength(EMAIL_MAX, 'That email is too long')
	),
	password: v.pipe(
		v.string('Enter your password'),
		v.nonEmpty('Enter your password'),
		v.maxLength(PASSWORD_MAX, 'Incorrect email or password')
	)
});

export type SignUpInput = v.InferOutput<typeof SignUpSchema>;
export type SignInInput = v.InferOutput<typeof SignInSchema>;

/** First message per top-level field, the shape a form shows beside each input. */
export function fieldErrors(issues: readonly v.BaseIssue<unknown>[]): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of issues) {
		const key = issue.path?.[0]?.key;
		const field = typeof key === 'string' ? key : 'form';
		errors[field] ??= issue.message;
	}
	return errors;
}

/**
 * Reads the named fields of a submitted form as strings; a missing field or a file upload becomes `undefined`,
 * which the schemas reject with their "Enter …" message.
 */
export function formFields<K extends string>(
	form: FormData,
	names: readonly K[]
): Record<K, string | undefined> {
	const out = {} as Record<K, string | undefined>;
	for (const name of names) {
		const value = form.get(name);
		out[name] = typeof value === 'string' ? value : undefined;
	}
	return out;
}
