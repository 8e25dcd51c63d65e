import type { SafetyProfile } from './profile-schema';

/** Every channel a profile's enabled rules read, conditions included, in first-use order. */
export function profileChannels(profile: Pick<SafetyProfile, 'rules'>): string[] {
	const names = new Set<string>();
	for (const rule of profile.rules) {
		if (rule.enabled === false) continue;
		switch (rule.kind) {
			case 'bounds':
			case 'rate':
			case 'knock-count':
				names.add(rule.channel);
				break;
			case 'knock-energy':
				names.add(rule.channel).add(rule.rpm);
				break;
			case 'difference':
				names.add(rule.a).add(rule.b);
				break;
			case 'injector-duty':
				names.add(rule.rpm).add(rule.pulseWidth);
				break;
			case 'map-plausibility':
				names.add(rule.map).add(rule.rpm).add(rule.throttle);
				break;
			case 'knock-retard':
				for (const c of rule.channels) names.add(c);
				break;
		}
		for (const c of rule.when ?? []) names.add(c.channel);
	}
	return [...names];
}
