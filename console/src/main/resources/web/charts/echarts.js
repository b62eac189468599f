// The "charts" bundle: the parts of ECharts the console draws with, imported by name so that the bundler leaves the
// rest out. A bundle of its own (not under web/app, whose every file the app bundle includes), loaded by bs-chart on
// the first chart through /static/bundle/charts.js (quarkus.web-bundler.bundle-redirect).
import { use, init } from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, AriaComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

export { init };
