import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import {
	DataZoomComponent,
	GridComponent,
	LegendComponent,
	TitleComponent,
	TooltipComponent
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

/** Registers only what our charts use, keeping the bundle small (echarts "import on demand"). */
echarts.use([
	LineChart,
	GridComponent,
	TooltipComponent,
	DataZoomComponent,
	LegendComponent,
	TitleComponent,
	CanvasRenderer
]);

export { echarts };
export type EChart = echarts.ECharts;

/** Interleaves two parallel arrays into the [x, y] pairs ECharts line series take. */
export function toPairs(
	x: ArrayLike<number>,
	y: ArrayLike<number>,
	scaleX = 1,
	offsetX = 0
): [number, number][] {
	const out = new Array<[number, number]>(x.length);
	for (let i = 0; i < x.length; i++) out[i] = [(x[i] - offsetX) * scaleX, y[i]];
	return out;
}

/** Axis label for seconds: at most 2 decimals, so a log's 6.739 s end reads 6.74 s. */
export const secondsLabel = (value: number) => `${Number(value.toFixed(2))} s`;
