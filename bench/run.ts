/**
 * npm run bench [-- --runs N] [--peers] [--load] [--browser PATH] [--only html,reports,packs,realworld,appendix-scaling,scaling,cold,preview]
 *
 * Measures, in one run, the renderer against Chromium's own floor and against the naive way,
 * and prints a table followed by one line of JSON with every figure.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { PDFDocument } from '@cantoo/pdf-lib';
import { existsSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { stringify } from 'yaml';
import { loadCouncilConfig } from '../src/config/council.js';
import { parseSource } from '../src/load/source.js';
import { validateReport } from '../src/validate/report.js';
import { loadReport } from '../src/report/load-report.js';
import { renderReportHtml } from '../src/render/report-html.js';
import { Printer, BROWSER_ARGS } from '../src/print/printer.js';
import { startPreview } from '../src/preview/preview-server.js';
import { loadReportAppendices } from '../src/report/report-appendices.js';
import { findBrowser } from '../src/print/find-browser.js';
import { buildReports } from '../src/pipelines/build-reports.js';
import { buildMeetings } from '../src/pipelines/build-meetings.js';
import { loadMeeting } from '../src/meeting/load-meeting.js';
import { buildPack } from '../src/assemble/build-pack.js';
import { fullParts, publicParts } from '../src/meeting/pack-plan.js';
import { renderPackHtml } from '../src/render/pack-html.js';
import { mib, samplePeakMemory, spread, summarise, timeRuns, treeMemory, type Timing } from './measure.js';
import { syntheticReport, syntheticReportYaml, writeSyntheticMeeting } from './synthetic.js';
import { REAL_WORLD_MIX, writeRealWorldAppendices, writeRealWorldMeeting } from './real-world.js';

/**
 * "Today" for the bench's builds: before every sample's date of issue, so each run builds its
 * packs (a pack published and unchanged is left as it is, see buildMeetings).
 */
const BEFORE_ISSUE = '2000-01-01';
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] || 5) || 5;
const WITH_PEERS = args.includes('--peers');
const WITH_LOAD = args.includes('--load');
const BROWSER = args.includes('--browser') ? args[args.indexOf('--browser') + 1] : undefined;
/** `--only html,reports,packs,realworld,appendix-scaling,scaling,cold` runs just those sections (for tuning). */
const ONLY = args.includes('--only') ? new Set((args[args.indexOf('--only') + 1] ?? '').split(',')) : undefined;
const wanted = (section: string) => !ONLY || ONLY.has(section);
const CLI = path.resolve('dist/bundle/papers.js');

interface Row {
  measure: string;
  value: string;
  spread: string;
  target: string;
  met: boolean | null;
}

const rows: Row[] = [];
const figures: Record<string, unknown> = {};

function record(key: string, row: Row, data: unknown): void {
  rows.push(row);
  figures[key] = data;
  process.stderr.write(`  ${row.measure}: ${row.value} ${row.spread}\n`);
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'papers-bench-'));
  const config = await loadCouncilConfig();
  const printer = new Printer({ browserPath: BROWSER, concurrency: 1 });
  const printer2 = new Printer({ browserPath: BROWSER, concurrency: 2 });
  try {
    await printer.print({ html: '<!DOCTYPE html><html lang="en"><title>warm</title><p>warm</p></html>' });
    const browserVersion = await browserVersionOf(printer.found.executablePath);
    figures.machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, browser: printer.found.executablePath, browserVersion, runs: RUNS };
    process.stderr.write(`committee-papers bench: ${cpus().length} cores, Node ${process.version}, ${browserVersion} (${printer.found.executablePath}), ${RUNS} runs each\n`);

    if (wanted('html')) await benchHtml(config);
    if (wanted('reports')) await benchReportPdfs(work, config, printer, printer2);
    if (wanted('packs')) await benchPacks(work, config, printer, printer2);
    if (wanted('realworld')) await benchRealWorldPack(work, config, printer2);
    if (wanted('appendix-scaling')) await benchAppendixScaling(work, config, printer2);
    if (wanted('scaling')) await benchScaling(work);
    if (wanted('cold')) await benchColdStart(work, config, printer.found.executablePath, printer.found.headlessShell);
    if (wanted('preview')) await benchPreview(work, config, printer);
    if (WITH_LOAD) await benchLoad(work, config);
    if (WITH_PEERS) await benchPeers(work, config);
  } finally {
    await printer.close();
    await printer2.close();
    await rm(work, { recursive: true, force: true });
  }
  printTable();
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  await saveRawResults();
}

/** HTML: reports per second through validation, templates and Markdown; YAML parsing apart. */
async function benchHtml(config: Awaited<ReturnType<typeof loadCouncilConfig>>): Promise<void> {
  const texts = Array.from({ length: 1000 }, (_, index) => syntheticReportYaml(index));
  const parse = () =>
    texts.map((text, index) => {
      const parsed = parseSource(`r${index}.yaml`, text);
      if (!parsed.ok) throw new Error('synthetic report does not parse');
      return parsed.source;
    });
  const sources = parse();
  const render = await timeRuns(RUNS, async () => {
    for (const source of sources) {
      const result = validateReport(source, config);
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      await renderReportHtml(result.value, config);
    }
  });
  const yaml = await timeRuns(RUNS, async () => parse());
  // As an author meets it: from the YAML text to the HTML, every step measured together.
  const endToEndTiming = await timeRuns(RUNS, async () => {
    for (const [index, text] of texts.entries()) {
      const parsed = parseSource(`r${index}.yaml`, text);
      if (!parsed.ok) throw new Error('synthetic report does not parse');
      const result = validateReport(parsed.source, config);
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      await renderReportHtml(result.value, config);
    }
  });
  const perSecond = 1000 / render.median;
  const bytes = texts.reduce((sum, text) => sum + text.length, 0) / texts.length;
  record(
    'html',
    { measure: 'HTML: 1,000 reports (validate, Markdown, templates)', value: `${perSecond.toFixed(0)} reports/s`, spread: spread(render), target: '≥ 1,000/s', met: perSecond >= 1000 },
    { reportsPerSecond: perSecond, ...render },
  );
  record(
    'yaml',
    { measure: `HTML: YAML parsing with positions (${(bytes / 1024).toFixed(0)} KB a report)`, value: `${(1000 / yaml.median).toFixed(0)} reports/s`, spread: spread(yaml), target: '', met: null },
    { reportsPerSecond: 1000 / yaml.median, ...yaml },
  );
  const endToEnd = 1000 / endToEndTiming.median;
  record('htmlFromYaml', { measure: 'HTML: from YAML text to HTML, measured whole', value: `${endToEnd.toFixed(0)} reports/s`, spread: spread(endToEndTiming), target: '', met: null }, { reportsPerSecond: endToEnd, ...endToEndTiming });
}

/** 50 report PDFs through the API, against the floor and against a browser per report. */
async function benchReportPdfs(work: string, config: Awaited<ReturnType<typeof loadCouncilConfig>>, printer: Printer, printer2: Printer): Promise<void> {
  const dir = path.join(work, 'reports');
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (let index = 0; index < 50; index++) {
    const file = path.join(dir, `report-${index + 1}.yaml`);
    await writeFile(file, syntheticReportYaml(index));
    files.push(file);
  }
  const out = path.join(work, 'reports-out');
  const build = (withPrinter: Printer) => async () => {
    const results = await buildReports(files, { outDir: out, formats: ['pdf'], config, printer: withPrinter });
    if (results.some((result) => !result.ok)) throw new Error('a synthetic report failed');
    return results;
  };
  const pages = (await build(printer)()).reduce((sum, result) => sum + (result.ok ? (result.pages ?? 0) : 0), 0);

  // The floor: the same browser printing the finished HTML through one open page, nothing else.
  const htmls: string[] = [];
  for (let index = 0; index < 50; index++) {
    const parsed = parseSource('r.yaml', syntheticReportYaml(index));
    if (!parsed.ok) throw new Error('synthetic report does not parse');
    const result = validateReport(parsed.source, config);
    if (!result.ok) throw new Error('synthetic report invalid');
    htmls.push(await renderReportHtml(result.value, config));
  }
  const browser = await launchBare(printer.found.executablePath, printer.found.headlessShell);
  let floor: Timing;
  let floor2: Timing;
  try {
    const pages = [await browser.newPage(), await browser.newPage()];
    // The same work as the API at the same parallelism: one page, or two pages taking turns.
    const printAll = (lanes: number) =>
      Promise.all(
        pages.slice(0, lanes).map(async (page, lane) => {
          for (let index = lane; index < htmls.length; index += lanes) {
            await page.setContent(htmls[index] as string, { waitUntil: 'load' });
            await page.pdf({ printBackground: true, preferCSSPageSize: true, tagged: true, outline: true });
          }
        }),
      );
    floor = await timeRuns(RUNS, () => printAll(1));
    floor2 = await timeRuns(RUNS, () => printAll(2));
  } finally {
    await browser.close();
  }

  const api = await timeRuns(RUNS, build(printer));
  const api2 = await timeRuns(RUNS, build(printer2));
  const naive = await timeRuns(
    RUNS,
    async () => {
      for (const file of files) {
        const once = new Printer({ browserPath: printer.found.executablePath, concurrency: 1 });
        try {
          await buildReports([file], { outDir: out, formats: ['pdf'], config, printer: once });
        } finally {
          await once.close();
        }
      }
    },
    false,
  );
  // As a user meets it: one `papers build` process for the 50 files (two pages at once, the
  // CLI's way), against one process that launches the same browser and prints the 50 finished
  // HTML files two at a time (a first run, unmeasured, warms the file system's cache).
  const htmlDir = path.join(work, 'reports-html');
  await mkdir(htmlDir, { recursive: true });
  const htmlFiles = await Promise.all(
    htmls.map(async (html, index) => {
      const file = path.join(htmlDir, `report-${index + 1}.html`);
      await writeFile(file, html);
      return file;
    }),
  );
  const bareBatch = path.join(work, 'bare-batch.mjs');
  await writeFile(
    bareBatch,
    `import puppeteer from ${JSON.stringify(new URL(import.meta.resolve('puppeteer-core')).href)};
import { readFileSync, writeFileSync } from 'node:fs';
const files = ${JSON.stringify(htmlFiles)};
const browser = await puppeteer.launch({ executablePath: ${JSON.stringify(printer.found.executablePath)}, headless: ${printer.found.headlessShell ? "'shell'" : 'true'}, args: ${JSON.stringify(BROWSER_ARGS)} });
await Promise.all([0, 1].map(async (lane) => {
  const page = await browser.newPage();
  for (let index = lane; index < files.length; index += 2) {
    await page.setContent(readFileSync(files[index], 'utf8'), { waitUntil: 'load' });
    writeFileSync(files[index].replace(/.html$/, '.pdf'), await page.pdf({ printBackground: true, preferCSSPageSize: true, tagged: true, outline: true }));
  }
}));
await browser.close();
`,
  );
  const processSeconds = (command: string[]) => {
    const started = performance.now();
    const result = spawnSync(process.execPath, command, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command.join(' ')} failed: ${result.stderr}`);
    return (performance.now() - started) / 1000;
  };
  const cliBuild = [CLI, 'build', ...files, '--format', 'pdf', '--out', path.join(work, 'reports-cli'), ...(BROWSER ? ['--browser', BROWSER] : [])];
  processSeconds(cliBuild);
  const cliRuns: number[] = [];
  const bareRuns: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    cliRuns.push(processSeconds(cliBuild));
    bareRuns.push(processSeconds([bareBatch]));
  }
  const cli = summarise(cliRuns);
  const bareProcess = summarise(bareRuns);
  const processRatio = cli.median / bareProcess.median;

  const best = api2.median < api.median ? api2 : api;
  const ratio1 = api.median / floor.median;
  const ratio2 = api2.median / floor2.median;
  const ratio = Math.max(ratio1, ratio2);
  record('reportPdfs', { measure: `50 report PDFs (${pages} pages), API, 1 page`, value: `${api.median.toFixed(2)} s`, spread: spread(api), target: '', met: null }, { pages, api, api2, floor, floor2, naive, cli, bareProcess });
  rows.push({ measure: '50 report PDFs, floor (bare print, 1 page)', value: `${floor.median.toFixed(2)} s`, spread: spread(floor), target: '', met: null });
  rows.push({ measure: '50 report PDFs, API / floor, 1 page each', value: `${ratio1.toFixed(2)}×`, spread: '', target: '≤ 1.15×', met: ratio1 <= 1.15 });
  rows.push({ measure: '50 report PDFs, API, 2 pages at once', value: `${api2.median.toFixed(2)} s`, spread: spread(api2), target: '', met: null });
  rows.push({ measure: '50 report PDFs, floor (bare print, 2 pages at once)', value: `${floor2.median.toFixed(2)} s`, spread: spread(floor2), target: '', met: null });
  rows.push({ measure: '50 report PDFs, API / floor, 2 pages each', value: `${ratio2.toFixed(2)}×`, spread: '', target: '≤ 1.15×', met: ratio2 <= 1.15 });
  rows.push({ measure: '50 report PDFs, papers build as one process (2 pages at once)', value: `${cli.median.toFixed(2)} s`, spread: spread(cli), target: '', met: null });
  rows.push({ measure: '50 report PDFs, floor as one process (launch, 2 pages at once)', value: `${bareProcess.median.toFixed(2)} s`, spread: spread(bareProcess), target: '', met: null });
  rows.push({ measure: '50 report PDFs, process / floor process', value: `${processRatio.toFixed(2)}×`, spread: '', target: '≤ 1.15×', met: processRatio <= 1.15 });
  rows.push({ measure: '50 report PDFs, naive (a browser per report)', value: `${naive.median.toFixed(2)} s`, spread: spread(naive), target: '', met: null });
  rows.push({ measure: '50 report PDFs, speed-up over naive', value: `${(naive.median / best.median).toFixed(1)}×`, spread: '', target: '', met: null });
  figures.reportPdfRatio = ratio;
  figures.reportPdfSpeedupOverNaive = naive.median / best.median;
}

/** A 20-report meeting into public and confidential packs, against one print of the finished pack. */
async function benchPacks(work: string, config: Awaited<ReturnType<typeof loadCouncilConfig>>, printer: Printer, printer2: Printer): Promise<void> {
  const dir = path.join(work, 'meeting-20');
  const file = await writeSyntheticMeeting(dir, 'meeting-20', 20);
  const loaded = await loadMeeting(file, config);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const reference = await buildPack(loaded.value, config, printer);
  const finishedHtml = await renderPackHtml(loaded.value, fullParts(loaded.value), 'confidential', config, reference.ranges);

  // The prints this design needs, timed alone on the same bare page: the layout pass (no page
  // numbers yet), then the members' and the public pack numbered. Their sum is as near to the
  // floor as a pack can come while it prints the public pack from HTML that never held the
  // exempt items (and Chromium cannot print page references).
  const layoutHtml = await renderPackHtml(loaded.value, fullParts(loaded.value), 'confidential', config, undefined);
  const publicHtml = await renderPackHtml(loaded.value, publicParts(loaded.value), 'public', config, reference.ranges);
  const browser = await launchBare(printer.found.executablePath, printer.found.headlessShell);
  let floor: Timing;
  let printsAlone: Timing;
  try {
    const page = await browser.newPage();
    const printOne = async (html: string) => {
      await page.setContent(html, { waitUntil: 'load' });
      await page.pdf({ printBackground: true, preferCSSPageSize: true, tagged: true, outline: true });
    };
    floor = await timeRuns(RUNS, () => printOne(finishedHtml));
    printsAlone = await timeRuns(RUNS, async () => {
      for (const html of [layoutHtml, finishedHtml, publicHtml]) await printOne(html);
    });
  } finally {
    await browser.close();
  }
  const out = path.join(work, 'packs-out');
  const build = (withPrinter: Printer) => () => buildMeetings([file], { outDir: out, config, printer: withPrinter, today: BEFORE_ISSUE }).then(failIfAny);
  const pack1 = await timeRuns(RUNS, build(printer));
  const pack2 = await timeRuns(RUNS, build(printer2));
  // Like for like: the floor is one print on one page, so the pack is held to it printing on one page too.
  const ratio = pack1.median / floor.median;
  record(
    'pack20',
    { measure: `Pack of 20 reports (${reference.pages} pages): public + confidential, 1 page`, value: `${pack1.median.toFixed(2)} s`, spread: spread(pack1), target: '', met: null },
    { pages: reference.pages, prints: reference.prints, pack1, pack2, floor, printsAlone },
  );
  rows.push({
    measure: "Pack of 20 reports, its three prints alone (layout, members', public), 1 page",
    value: `${printsAlone.median.toFixed(2)} s (${(printsAlone.median / floor.median).toFixed(2)}× the floor)`,
    spread: spread(printsAlone),
    target: '',
    met: null,
  });
  rows.push({ measure: 'Pack of 20 reports, 2 pages at once', value: `${pack2.median.toFixed(2)} s`, spread: spread(pack2), target: '', met: null });
  rows.push({ measure: 'Pack of 20 reports, floor (one print of the finished pack)', value: `${floor.median.toFixed(2)} s`, spread: spread(floor), target: '', met: null });
  rows.push({ measure: 'Pack of 20 reports, packs (1 page) / floor', value: `${ratio.toFixed(2)}×`, spread: '', target: '≤ 2×', met: ratio <= 2 });
  rows.push({ measure: 'Pack of 20 reports, packs (2 pages at once) / floor', value: `${(pack2.median / floor.median).toFixed(2)}×`, spread: '', target: '', met: null });
  figures.packRatio = ratio;
}

/**
 * The product's main job: a meeting whose papers are mostly third-party PDFs (the mix of a real
 * county Cabinet meeting, 38 PDFs and over 500 pages: reports, landscape spreadsheets, slides,
 * risk registers, A3 plans), built to both packs through the API (loading and checking the
 * PDFs, four prints, assembly, writing). The floor is what a merge costs: qpdf merging the same
 * PDFs, plus one print of the pack's HTML parts on the same browser. Both are also run with
 * the floor's two halves side by side, as the build uses both cores.
 */
async function benchRealWorldPack(work: string, config: Awaited<ReturnType<typeof loadCouncilConfig>>, printer: Printer): Promise<void> {
  const dir = path.join(work, 'real-world');
  const appendices = await writeRealWorldAppendices(path.join(dir, 'appendices'), printer);
  const file = await writeRealWorldMeeting(dir, 'cabinet', appendices);
  const loaded = await loadMeeting(file, config);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems.slice(0, 3)));
  const appendixPages = appendices.reduce((total, appendix) => total + appendix.pages, 0);
  const htmlParts = fullParts(loaded.value).filter((part) => !((part.kind === 'appendix' || part.kind === 'papers') && part.paper.kind === 'pdf'));
  const reference = await buildPack(loaded.value, config, printer);
  const partsHtml = await renderPackHtml(loaded.value, htmlParts, 'confidential', config, reference.ranges);
  const merge = () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn('qpdf', ['--empty', '--pages', ...appendices.map((appendix) => appendix.file), '--', path.join(dir, 'merged.pdf')], { stdio: 'ignore' });
      child.on('close', (status) => (status === 0 ? resolve() : reject(new Error(`qpdf exited ${status}`))));
    });
  const print = () => printer.print({ html: partsHtml });
  const floor = await timeRuns(RUNS, async () => {
    await merge();
    await print();
  });
  const floorSideBySide = await timeRuns(RUNS, () => Promise.all([merge(), print()]));
  const out = path.join(dir, 'out');
  const ours = await timeRuns(RUNS, () => buildMeetings([file], { outDir: out, config, printer, today: BEFORE_ISSUE }).then(failIfAny));
  const ratio = ours.median / floor.median;
  record(
    'realWorldPack',
    { measure: `Real-world pack: ${appendices.length} PDFs, ${appendixPages} PDF pages, ${reference.pages} pages in all: both packs`, value: `${ours.median.toFixed(2)} s`, spread: spread(ours), target: '', met: null },
    { pdfs: appendices.length, appendixPages, pages: reference.pages, publicPages: reference.publicPages, ours, floor, floorSideBySide },
  );
  rows.push({ measure: 'Real-world pack, floor: qpdf merge of the PDFs + one print of the HTML parts', value: `${floor.median.toFixed(2)} s`, spread: spread(floor), target: '', met: null });
  rows.push({ measure: 'Real-world pack, floor with its two halves side by side', value: `${floorSideBySide.median.toFixed(2)} s`, spread: spread(floorSideBySide), target: '', met: null });
  rows.push({ measure: 'Real-world pack / floor', value: `${ratio.toFixed(2)}× (${(ours.median / floorSideBySide.median).toFixed(2)}× side by side)`, spread: '', target: '≤ 3×', met: ratio <= 3 });
  figures.realWorldRatio = ratio;
}

/**
 * Cost against the number of PDF pages: the real-world mix scaled to about 400 and 1,600
 * appendix pages, each built to both packs through the API.
 */
async function benchAppendixScaling(work: string, config: Awaited<ReturnType<typeof loadCouncilConfig>>, printer: Printer): Promise<void> {
  const results: Array<{ appendixPages: number; pages: number; seconds: Timing }> = [];
  for (const target of [400, 1600]) {
    const dir = path.join(work, `appendix-scale-${target}`);
    const mixPages = REAL_WORLD_MIX.reduce((total, entry) => total + entry.pages * entry.count, 0);
    const appendices = await writeRealWorldAppendices(path.join(dir, 'appendices'), printer, target / mixPages);
    const file = await writeRealWorldMeeting(dir, `scale-${target}`, appendices);
    const out = path.join(dir, 'out');
    let pages = 0;
    const seconds = await timeRuns(RUNS, async () => {
      const [result] = failIfAny(await buildMeetings([file], { outDir: out, config, printer, today: BEFORE_ISSUE }));
      pages = result?.ok ? result.pages : 0;
    });
    const appendixPages = appendices.reduce((total, appendix) => total + appendix.pages, 0);
    results.push({ appendixPages, pages, seconds });
    record(`appendixScale${target}`, { measure: `Appendix scaling: ${appendixPages} PDF pages (${pages} in all)`, value: `${seconds.median.toFixed(2)} s`, spread: spread(seconds), target: '', met: null }, { appendixPages, pages, seconds });
  }
  const [small, large] = results;
  if (small && large) {
    const growth = large.seconds.median / small.seconds.median;
    rows.push({
      measure: `Appendix scaling: ${large.appendixPages} against ${small.appendixPages} PDF pages`,
      value: `${growth.toFixed(2)}× the time for ${(large.appendixPages / small.appendixPages).toFixed(1)}× the pages`,
      spread: '',
      target: '≤ 5×',
      met: growth <= 5,
    });
    figures.appendixScalingGrowth = growth;
  }
}

/**
 * Save to page updated in papers preview: the sample report is saved with a changed title, and
 * the time runs until a real browser showing the preview shows the new title (the watcher, the
 * rendering, the page fetching it and swapping it in). 20 saves, each a moment after the last.
 */
async function benchPreview(work: string, config: Awaited<ReturnType<typeof loadCouncilConfig>>, printer: Printer): Promise<void> {
  const dir = path.join(work, 'preview');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'report.yaml');
  const original = await readFile('data/reports/commissioning-protocol.yaml', 'utf8');
  await writeFile(file, original.replace(/file: \.\.\/appendices\/commissioning-protocol\.md/, 'file: appendix.md'));
  await writeFile(path.join(dir, 'appendix.md'), '# Appendix\n\nText.\n');
  const preview = await startPreview(file, { config, printer: () => printer });
  const browser = await puppeteer.launch({ executablePath: printer.found.executablePath, headless: printer.found.headlessShell ? 'shell' : true, args: BROWSER_ARGS });
  const seconds: number[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(preview.url, { waitUntil: 'load' });
    for (let save = 0; save < 21; save++) {
      const title = `Commissioning Protocol ${save}`;
      const started = performance.now();
      await writeFile(file, original.replace('title: Commissioning Protocol', `title: ${title}`));
      await page.waitForFunction((expected) => document.querySelector('h1')?.textContent === expected, { polling: 'mutation', timeout: 10_000 }, title);
      // The first save warms the code paths up, as an author's first save after starting would.
      if (save > 0) seconds.push((performance.now() - started) / 1000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await browser.close();
    await preview.close();
  }
  const timing = summarise(seconds);
  const milliseconds = timing.median * 1000;
  record('previewLatency', { measure: 'Preview: save to page updated (sample report, real browser)', value: `${milliseconds.toFixed(0)} ms`, spread: spread(timing), target: '≤ 200 ms', met: milliseconds <= 200 }, timing);
}

/** Keeps every figure with the machine it was measured on: bench/results/<date>-<sections>.json. */
async function saveRawResults(): Promise<void> {
  const dir = path.resolve('bench', 'results');
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `${stamp}-${ONLY ? [...ONLY].join('+') : 'all'}.json`;
  await writeFile(path.join(dir, name), `${JSON.stringify({ date: new Date().toISOString(), args, rows, figures }, null, 2)}\n`);
  process.stderr.write(`raw results: bench/results/${name}\n`);
}

/**
 * Packs of 10, 20, 40 and 80 reports, each as its own `papers pack` process: seconds and the
 * peak memory of that process and its browser, together.
 */
async function benchScaling(work: string): Promise<void> {
  const scaling: Array<{ reports: number; pages: number; seconds: Timing; peakPssBytes: number; peakRssBytes: number }> = [];
  for (const reports of [10, 20, 40, 80]) {
    const dir = path.join(work, `scale-${reports}`);
    const file = await writeSyntheticMeeting(dir, `scale-${reports}`, reports);
    let peakPssBytes = 0;
    let peakRssBytes = 0;
    let pages = 0;
    const runOnce = async () => {
      // Each run builds afresh: into a folder holding a pack already published (its date of issue
      // come) and unchanged, papers pack would leave it as it is, which is not what is measured.
      await rm(path.join(dir, 'out'), { recursive: true, force: true });
      const child = spawn(process.execPath, [CLI, 'pack', file, '--out', path.join(dir, 'out'), ...(BROWSER ? ['--browser', BROWSER] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
      const pss = samplePeakMemory(() => child.pid, 'pss');
      const rss = samplePeakMemory(() => child.pid, 'rss');
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      peakPssBytes = Math.max(peakPssBytes, pss.stop());
      peakRssBytes = Math.max(peakRssBytes, rss.stop());
      if (status !== 0) throw new Error(`papers pack failed for ${reports} reports`);
      pages = Number(/ok\s+(\d+)/.exec(stdout)?.[1] ?? 0);
    };
    const seconds = await timeRuns(RUNS, runOnce);
    scaling.push({ reports, pages, seconds, peakPssBytes, peakRssBytes });
    const perPage = (seconds.median / pages) * 1000;
    record(
      `scale${reports}`,
      {
        measure: `Scaling: ${reports} reports, ${pages} pages (process)`,
        value: `${seconds.median.toFixed(2)} s, ${mib(peakPssBytes)}`,
        spread: `${spread(seconds)}, ${perPage.toFixed(1)} ms/page`,
        target: reports === 80 ? '< 1 GiB' : '',
        met: reports === 80 ? peakPssBytes < 2 ** 30 : null,
      },
      { reports, pages, seconds, peakPssBytes, peakRssBytes },
    );
  }
  const first = scaling[0];
  const last = scaling.at(-1);
  if (first && last) {
    const timeGrowth = last.seconds.median / first.seconds.median / (last.pages / first.pages);
    const memoryPerPage = (last.peakPssBytes - first.peakPssBytes) / (last.pages - first.pages);
    figures.scalingTimePerPageRatio80to10 = timeGrowth;
    figures.scalingMemoryPerPageBytes = memoryPerPage;
    rows.push({ measure: 'Scaling: time per page, 80 vs 10 reports', value: `${timeGrowth.toFixed(2)}×`, spread: '', target: '≈ 1× (linear)', met: timeGrowth < 1.3 });
    rows.push({ measure: 'Scaling: memory per added page (10 → 80 reports)', value: `${(memoryPerPage / 1024).toFixed(0)} KiB/page`, spread: '', target: '', met: null });
  }
}

/** What an author waits for: `papers build` of the sample report to PDF, as a whole process. */
/**
 * What an author waits for: `papers build` of the sample report to PDF, as a whole process,
 * against the least any tool could take for it: a process that launches the same browser,
 * prints the same finished HTML once and exits. The two take turns, so neither is favoured by
 * what the other left in the caches, and there is no warm-up run.
 */
async function benchColdStart(work: string, config: Awaited<ReturnType<typeof loadCouncilConfig>>, executablePath: string, headlessShell: boolean): Promise<void> {
  const out = path.join(work, 'cold');
  const loaded = await loadReport('data/reports/commissioning-protocol.yaml', config);
  if (!loaded.ok) throw new Error('the sample report is invalid');
  await mkdir(out, { recursive: true });
  const htmlFile = path.join(out, 'finished.html');
  // The same document papers build prints: the report whole, its (Markdown) appendix after it.
  const appendices = await loadReportAppendices(loaded.value, 'data/reports/commissioning-protocol.yaml', config, loaded.locate);
  if (appendices.problems.length > 0) throw new Error("the sample report's appendix is invalid");
  await writeFile(htmlFile, await renderReportHtml(loaded.value, config, loaded.images, { list: appendices.appendices, forPrint: true }));
  const bareScript = path.join(out, 'bare.mjs');
  await writeFile(
    bareScript,
    `import puppeteer from ${JSON.stringify(new URL(import.meta.resolve('puppeteer-core')).href)};
import { readFileSync, writeFileSync } from 'node:fs';
const browser = await puppeteer.launch({ executablePath: ${JSON.stringify(executablePath)}, headless: ${headlessShell ? "'shell'" : 'true'}, args: ${JSON.stringify(BROWSER_ARGS)} });
const page = await browser.newPage();
await page.setContent(readFileSync(${JSON.stringify(htmlFile)}, 'utf8'), { waitUntil: 'load' });
writeFileSync(${JSON.stringify(path.join(out, 'bare.pdf'))}, await page.pdf({ printBackground: true, preferCSSPageSize: true, tagged: true, outline: true }));
await browser.close();
`,
  );
  const timeProcess = (command: string[]) => {
    const started = performance.now();
    const result = spawnSync(process.execPath, command, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command.join(' ')} failed: ${result.stderr}`);
    return (performance.now() - started) / 1000;
  };
  const build = [CLI, 'build', 'data/reports/commissioning-protocol.yaml', '--format', 'pdf', '--out', out, ...(BROWSER ? ['--browser', BROWSER] : [])];
  const ours: number[] = [];
  const bare: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    ours.push(timeProcess(build));
    bare.push(timeProcess([bareScript]));
  }
  const timing = summarise(ours);
  const floor = summarise(bare);
  const ratio = timing.median / floor.median;
  record(
    'coldStart',
    { measure: 'Cold start: papers build (sample report to PDF), whole process', value: `${timing.median.toFixed(2)} s`, spread: spread(timing), target: '≤ 1.0 s', met: timing.median <= 1.0 },
    { ours: timing, bare: floor },
  );
  rows.push({ measure: 'Cold start, floor: a process that launches the browser and prints the finished HTML', value: `${floor.median.toFixed(2)} s`, spread: spread(floor), target: '', met: null });
  rows.push({ measure: 'Cold start / floor', value: `${ratio.toFixed(2)}×`, spread: '', target: '≤ 1.2×', met: ratio <= 1.2 });
  figures.coldStartRatio = ratio;
}

/**
 * 500 reports and 50 meetings, each in one run with one browser: memory must stay flat, and
 * no browser process, browser profile or temporary file may be left (kept out of the tests).
 */
async function benchLoad(work: string, config: Awaited<ReturnType<typeof loadCouncilConfig>>): Promise<void> {
  const dir = path.join(work, 'load');
  await mkdir(dir, { recursive: true });
  const profilesBefore = await browserProfiles();
  const files: string[] = [];
  for (let index = 0; index < 500; index++) {
    const file = path.join(dir, `load-${index}.yaml`);
    await writeFile(file, syntheticReportYaml(index % 50));
    files.push(file);
  }
  const reportHeap: number[] = [];
  const reportBrowser: number[] = [];
  const printer = new Printer({ browserPath: BROWSER });
  let pids: number[] = [];
  let started = performance.now();
  try {
    for (let batch = 0; batch < 10; batch++) {
      failIfAny(await buildReports(files.slice(batch * 50, batch * 50 + 50), { outDir: path.join(dir, 'out'), formats: ['pdf'], config, printer }));
      globalThis.gc?.();
      reportHeap.push(process.memoryUsage().heapUsed);
      reportBrowser.push(treeMemory(printer.pid));
      if (printer.pid) pids.push(printer.pid);
    }
  } finally {
    await printer.close();
  }
  const reportSeconds = (performance.now() - started) / 1000;

  const meetings: string[] = [];
  for (let index = 0; index < 50; index++) meetings.push(await writeSyntheticMeeting(path.join(dir, `meetings-${index}`), `meeting-${index}`, 3));
  const meetingHeap: number[] = [];
  const meetingBrowser: number[] = [];
  const meetingPrinter = new Printer({ browserPath: BROWSER });
  started = performance.now();
  try {
    for (let batch = 0; batch < 5; batch++) {
      failIfAny(await buildMeetings(meetings.slice(batch * 10, batch * 10 + 10), { outDir: path.join(dir, 'meetings-out'), config, printer: meetingPrinter, today: BEFORE_ISSUE }));
      globalThis.gc?.();
      meetingHeap.push(process.memoryUsage().heapUsed);
      meetingBrowser.push(treeMemory(meetingPrinter.pid));
      if (meetingPrinter.pid) pids.push(meetingPrinter.pid);
    }
  } finally {
    await meetingPrinter.close();
  }
  const meetingSeconds = (performance.now() - started) / 1000;
  pids = [...new Set(pids)];

  const growth = (samples: number[]) => ((samples.at(-1) ?? 0) - (samples[1] ?? 0)) / 2 ** 20;
  const leftover = (name: string) => path.basename(name).startsWith('.papers-') || name.endsWith('.tmp');
  const leftovers = [...(await readdir(path.join(dir, 'out'))).filter(leftover), ...(await readdir(path.join(dir, 'meetings-out'), { recursive: true })).map(String).filter(leftover)];
  const leakedProfiles = (await browserProfiles()).filter((name) => !profilesBefore.includes(name));
  const leakedProcesses = pids.filter((pid) => existsSync(`/proc/${pid}`));
  record(
    'load500',
    {
      measure: 'Load: 500 reports, growth after batch 2 (heap / browser)',
      value: `${growth(reportHeap).toFixed(1)} / ${growth(reportBrowser).toFixed(0)} MiB`,
      spread: `${reportSeconds.toFixed(1)} s in all`,
      target: 'flat',
      met: growth(reportHeap) < 20,
    },
    { seconds: reportSeconds, heapUsedAfterEachBatch: reportHeap, browserPssAfterEachBatch: reportBrowser },
  );
  record(
    'load50meetings',
    {
      measure: 'Load: 50 meetings, growth after batch 2 (heap / browser)',
      value: `${growth(meetingHeap).toFixed(1)} / ${growth(meetingBrowser).toFixed(0)} MiB`,
      spread: `${meetingSeconds.toFixed(1)} s in all`,
      target: 'flat',
      met: growth(meetingHeap) < 20,
    },
    { seconds: meetingSeconds, heapUsedAfterEachBatch: meetingHeap, browserPssAfterEachBatch: meetingBrowser },
  );
  record(
    'loadLeaks',
    {
      measure: 'Load: leftovers (browser processes, profiles, temporary files)',
      value: `${leakedProcesses.length}, ${leakedProfiles.length}, ${leftovers.length}`,
      spread: '',
      target: '0, 0, 0',
      met: leakedProcesses.length + leakedProfiles.length + leftovers.length === 0,
    },
    { leakedProcesses, leakedProfiles, leftovers },
  );
}

/** Puppeteer's temporary browser profiles, which it removes when the browser closes. */
async function browserProfiles(): Promise<string[]> {
  // The tool's own profile folders (src/run-folder.ts), and puppeteer's, which it used before.
  return (await readdir(tmpdir())).filter((name) => name.startsWith('papers-browser-') || name.startsWith('puppeteer_dev_chrome_profile-'));
}

/** The same 200-page document through md-to-pdf and WeasyPrint, each as a whole process. */
async function benchPeers(work: string, config: Awaited<ReturnType<typeof loadCouncilConfig>>): Promise<void> {
  const dir = path.join(work, 'peers');
  await mkdir(dir, { recursive: true });
  const report = largeReport();
  await writeFile(path.join(dir, 'large.yaml'), stringify(report));
  const parsed = parseSource('large.yaml', stringify(report));
  if (!parsed.ok) throw new Error('large report does not parse');
  const validated = validateReport(parsed.source, config);
  if (!validated.ok) throw new Error(JSON.stringify(validated.problems));
  const html = await renderReportHtml(validated.value, config);
  await writeFile(path.join(dir, 'large.html'), html);
  await writeFile(path.join(dir, 'large.md'), toMarkdown(report, html));

  const browser = BROWSER ?? new Printer().found.executablePath;
  const timed = (command: string, commandArgs: string[], env: NodeJS.ProcessEnv = process.env) => {
    const once = () => {
      const started = performance.now();
      const result = spawnSync(command, commandArgs, { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
      if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr?.slice(0, 500)}`);
      return (performance.now() - started) / 1000;
    };
    once();
    return summarise(Array.from({ length: RUNS }, once));
  };
  const ours = timed(process.execPath, [CLI, 'build', 'large.yaml', '--format', 'pdf', '--out', '.', '--browser', browser]);
  const pages = await pdfPages(path.join(dir, 'large.pdf'));
  const peers: Record<string, unknown> = { document: { pages }, ours };
  rows.push({ measure: `Peers: the same ${pages}-page document, committee-papers (process)`, value: `${ours.median.toFixed(2)} s`, spread: spread(ours), target: '', met: null });

  const mdToPdf = installMdToPdf();
  if (mdToPdf) {
    // The same browser in the same mode as ours (the headless shell), with the same flags.
    const launch = JSON.stringify({ executablePath: browser, args: BROWSER_ARGS, headless: findBrowser(browser).headlessShell ? 'shell' : true });
    const timing = timed(process.execPath, [mdToPdf.cli, 'large.md', '--launch-options', launch], { ...process.env, PUPPETEER_SKIP_DOWNLOAD: 'true' });
    peers.mdToPdf = { version: mdToPdf.version, ...timing, pages: await pdfPages(path.join(dir, 'large.pdf')) };
    rows.push({ measure: `Peers: md-to-pdf ${mdToPdf.version} (process)`, value: `${timing.median.toFixed(2)} s`, spread: `${spread(timing)}, ${(timing.median / ours.median).toFixed(1)}× ours`, target: '', met: null });
  }
  const weasyprint = findOrInstallWeasyPrint();
  if (weasyprint) {
    const timing = timed(weasyprint.command, ['large.html', 'large-weasyprint.pdf']);
    peers.weasyprint = { version: weasyprint.version, ...timing, pages: await pdfPages(path.join(dir, 'large-weasyprint.pdf')) };
    rows.push({ measure: `Peers: ${weasyprint.version} (process)`, value: `${timing.median.toFixed(2)} s`, spread: `${spread(timing)}, ${(timing.median / ours.median).toFixed(1)}× ours`, target: '', met: null });
  }
  figures.peers = peers;
}

/** About 200 pages: many sections of long paragraphs, with the synthetic report's shape. */
function largeReport(): Record<string, unknown> {
  const base = syntheticReport(7);
  const sections = Array.from({ length: 40 }, (_, index) => {
    const part = syntheticReport(100 + index).sections as Array<{ heading: string; paragraphs: string[] }>;
    return { heading: `Part ${index + 1}`, paragraphs: part.flatMap((section) => section.paragraphs) };
  });
  return { ...base, title: 'A long report for the peer comparison', sections };
}

/**
 * The same report as Markdown for md-to-pdf: the title, the cover table and the closing table
 * as our HTML has them (Markdown passes HTML through), and the numbered sections, so both tools
 * print the same content.
 */
function toMarkdown(report: Record<string, unknown>, html: string): string {
  const table = (name: string) => new RegExp(`<table class="${name}">[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
  const sections = report.sections as Array<{ heading: string; paragraphs: string[] }>;
  const lines = [`# ${String(report.title)}`, '', table('cover-table'), '', String(report.executiveSummary), ''];
  sections.forEach((section, sectionIndex) => {
    lines.push(`## ${sectionIndex + 1}. ${section.heading}`, '');
    section.paragraphs.forEach((text, index) => {
      lines.push(`**${sectionIndex + 1}.${index + 1}** ${text}`, '');
    });
  });
  lines.push(table('closing-table'), '');
  return lines.join('\n');
}

function installMdToPdf(): { cli: string; version: string } | undefined {
  const prefix = path.join(tmpdir(), 'committee-papers-bench-peers');
  const cli = path.join(prefix, 'node_modules', 'md-to-pdf', 'dist', 'cli.js');
  if (!existsSync(cli)) {
    process.stderr.write('  installing md-to-pdf (browser download skipped) …\n');
    const result = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', 'md-to-pdf@5', 'puppeteer@24'], { env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: 'true' }, encoding: 'utf8' });
    if (result.status !== 0 || !existsSync(cli)) {
      process.stderr.write(`  md-to-pdf could not be installed: ${result.stderr?.slice(0, 300)}\n`);
      return undefined;
    }
  }
  const version = JSON.parse(execFileSync(process.execPath, ['-p', `JSON.stringify(require(${JSON.stringify(path.join(prefix, 'node_modules', 'md-to-pdf', 'package.json'))}).version)`], { encoding: 'utf8' })) as string;
  return { cli, version };
}

function findOrInstallWeasyPrint(): { command: string; version: string } | undefined {
  const which = () => spawnSync('sh', ['-c', 'command -v weasyprint'], { encoding: 'utf8' }).stdout.trim();
  if (!which() && process.getuid?.() === 0) {
    process.stderr.write('  installing WeasyPrint through apt-get …\n');
    spawnSync('apt-get', ['install', '-y', '-qq', 'weasyprint'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, encoding: 'utf8' });
  }
  const command = which();
  if (!command) {
    process.stderr.write('  WeasyPrint not available; skipped\n');
    return undefined;
  }
  return { command, version: spawnSync(command, ['--version'], { encoding: 'utf8' }).stdout.trim() };
}

async function pdfPages(file: string): Promise<number> {
  return (await PDFDocument.load(await readFile(file), { updateMetadata: false })).getPageCount();
}

async function launchBare(executablePath: string, headlessShell: boolean) {
  return puppeteer.launch({ executablePath, headless: headlessShell ? 'shell' : true, args: BROWSER_ARGS });
}

async function browserVersionOf(executablePath: string): Promise<string> {
  try {
    return execFileSync(executablePath, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return executablePath;
  }
}

function failIfAny<T extends { ok: boolean }>(results: T[]): T[] {
  const failed = results.find((result) => !result.ok);
  if (failed) throw new Error(`a benchmark input failed: ${JSON.stringify(failed).slice(0, 500)}`);
  return results;
}

function printTable(): void {
  const header = ['measure', 'result', 'spread', 'target', 'met'];
  const body = rows.map((row) => [row.measure, row.value, row.spread, row.target, row.met === null ? '' : row.met ? 'yes' : 'NO']);
  const widths = header.map((_, column) => Math.max(header[column]?.length ?? 0, ...body.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  process.stdout.write(`${line(header)}\n| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |\n`);
  for (const row of body) process.stdout.write(`${line(row)}\n`);
}

await main();
