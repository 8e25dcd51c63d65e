import { describe, expect, it } from 'vitest';
import {
	channelLabel,
	pickFuelRateChannel,
	pickLambdaChannel,
	pickLoadChannel,
	pickMafChannel,
	sentenceUnit,
	summaryKind
} from './channel-kinds';

const c = (name: string, unit = '') => ({ name, unit });

describe('summaryKind', () => {
	it('sorts simulated-car.dbc and OBD channels', () => {
		const kinds = Object.fromEntries(
			[
				c('BoostPressure', 'kPa'),
				c('ManifoldPressure', 'kPa'),
				c('BoostTarget', 'kPa'),
				c('WastegateDuty', '%'),
				c('ExhaustGasTemp', 'degC'),
				c('CoolantTemp', 'degC'),
				c('IntakeAirTemp', 'degC'),
				c('OilTemp', 'degC'),
				c('KnockRetardCyl3', 'deg'),
				c('KnockCount'),
				c('KnockSensor', 'mV'),
				c('Lambda', 'lambda'),
				c('LambdaTarget', 'lambda'),
				c('commandedEquivalenceRatio', 'λ'),
				c('EngineSpeed', 'rpm'),
				c('BaroPressure', 'kPa'),
				c('VehicleSpeed', 'km/h')
			].map((x) => [x.name, summaryKind(x)])
		);
		expect(kinds).toEqual({
			BoostPressure: 'boost',
			ManifoldPressure: 'boost',
			BoostTarget: null,
			WastegateDuty: null,
			ExhaustGasTemp: 'egt',
			CoolantTemp: 'temperature',
			IntakeAirTemp: 'temperature',
			OilTemp: 'temperature',
			KnockRetardCyl3: 'knock',
			KnockCount: 'knock',
			KnockSensor: null,
			Lambda: 'lambda',
			LambdaTarget: null,
			commandedEquivalenceRatio: 'lambda',
			EngineSpeed: null,
			BaroPressure: null,
			VehicleSpeed: null
		});
	});

	it('sorts MegaLogViewer / Speeduino names (short.mlg)', () => {
		const names = ['MAP', 'MAPxRPM', 'AFR', 'Lambda', 'IAT', 'CLT', 'Gego', 'AFR Target'];
		const more = ['Boost PSI', 'Boost Target', 'Boost Duty', 'Boost cut', 'TPS DOT', 'EGT 1'];
		expect([...names, ...more].map((n) => summaryKind(c(n)))).toEqual([
			'boost',
			null,
			'lambda',
			'lambda',
			'temperature',
			'temperature',
			null,
			null,
			'boost',
			null,
			null,
			null,
			null,
			'egt'
		]);
	});
});

describe('picking channels for a computation', () => {
	it('takes manifold pressure as load in kPa, converting psi, else load or throttle in %', () => {
		expect(pickLoadChannel([c('EngineSpeed'), c('ManifoldPressure', 'kPa')])).toMatchObject({
			name: 'ManifoldPressure',
			loadUnit: 'kPa',
			scale: 1
		});
		expect(pickLoadChannel([c('MAP', 'psi')])!.scale).toBeCloseTo(6.894757, 6);
		expect(pickLoadChannel([c('EngineLoad', '%'), c('TPS', '%')])).toMatchObject({
			name: 'EngineLoad',
			loadUnit: '%'
		});
		expect(pickLoadChannel([c('TPS', '%')])).toMatchObject({ name: 'TPS', loadUnit: '%' });
		expect(pickLoadChannel([c('MAP', 'furlongs')])).toBeNull();
	});

	it('takes the OBD fuel rate and MAF in L/h and g/s, converting other units', () => {
		expect(pickFuelRateChannel([c('engineFuelRate', 'L/h')])).toMatchObject({ scale: 1 });
		expect(pickFuelRateChannel([c('Fuel Rate', 'gal/h')])!.scale).toBe(3.785411784);
		expect(pickFuelRateChannel([c('Fuel Rate', 'kg/h')])).toBeNull();
		expect(pickMafChannel([c('mafAirFlowRate', 'g/s')])).toMatchObject({ scale: 1 });
		expect(pickMafChannel([c('MAF', 'lb/min')])!.scale).toBeCloseTo(7.5599, 4);
	});

	it('takes lambda as it is, or AFR over the fuel’s stoichiometric ratio', () => {
		expect(pickLambdaChannel([c('AFR', 'O2'), c('Lambda', '')], 14.7)).toMatchObject({
			name: 'Lambda',
			scale: 1
		});
		expect(pickLambdaChannel([c('commandedEquivalenceRatio', 'λ')], 14.7)).toMatchObject({
			scale: 1
		});
		expect(pickLambdaChannel([c('AFR', 'O2')], 9.765)!.scale).toBeCloseTo(1 / 9.765, 12);
	});
});

describe('drift wording', () => {
	it('says which cylinder, and the unit as a sentence writes it', () => {
		expect(channelLabel('KnockRetardCyl3')).toBe('cylinder 3 knock retard');
		expect(channelLabel('Knock Retard Cyl 2')).toBe('cylinder 2 knock retard');
		expect(channelLabel('ExhaustGasTemp')).toBe('exhaust gas temp');
		expect(sentenceUnit('deg')).toBe('°');
		expect(sentenceUnit('degC')).toBe(' °C');
		expect(sentenceUnit('lambda')).toBe('');
		expect(sentenceUnit('kPa')).toBe(' kPa');
	});
});
