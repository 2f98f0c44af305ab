import path from 'node:path';
import { Argument, Command, CommanderError, Option } from 'commander';
import { EXIT_STATUS, PapersError, batchExitStatus, describeError, errorCodeOf, exitStatusOf, failureOf, type ErrorCode } from '../errors.js';
import { listStyles, StyleChooser } from '../config/styles.js';
import { checkStyle } from '../render/style-check.js';
import { expandInputs } from '../load/expand-inputs.js';
import { reportFromSource } from '../report/load-report.js';
import { looksLike } from '../validate/report.js';
import { meetingFromSource } from '../meeting/load-meeting.js';
import { loadSource } from '../load/source.js';
import { formatLongDate } from '../render/dates.js';
import { buildReports, type OutputFormat } from '../pipelines/build-reports.js';
import { forcedStyle, parseFormats, parsePort, parseTimeout, type CommonOptions } from './options.js';
import { reportFailures, runBatch } from './batch.js';
import { buildForwardPlan } from '../forward-plan/build-forward-plan.js';
import { buildOutcomes } from '../outcomes/build-outcomes.js';
import { Reporter } from './reporter.js';
import type { Printer } from '../print/printer.js';
import { runPackCommand } from './pack-command.js';
import { writeStarter } from '../authoring/starter.js';
import { jsonSchemaFor, type DocumentKind } from '../schema/json-schema.js';
import { writeFileAtomic } from '../output/write-atomic.js';
import { runPreview } from './preview-command.js';
import { runImport } from './import-command.js';
import { shownPath } from './shown-path.js';
import packageJson from '../../package.json' with { type: 'json' };

const PACKAGE_VERSION = packageJson.version;

/**
 * Runs the CLI and resolves to the exit status; never calls process.exit itself. A program
 * running many commands (the tests) may lend one browser for them all (see CommonOptions).
 */
export async function main(argv: readonly string[], reporter = new Reporter(), lent: { printer?: Printer } = {}): Promise<number> {
  let status = 0;
  const lend = <T extends CommonOptions>(options: T): T => ({ ...options, lentPrinter: lent.printer });
  const program = new Command('papers')
    .description('Committee reports and agenda packs as accessible HTML and PDF.')
    .version(PACKAGE_VERSION, '-V, --version', 'print the version of committee-papers')
    .exitOverride()
    .configureOutput({ writeOut: (text) => reporter.write(text), writeErr: (text) => reporter.writeError(text) })
    .showHelpAfterError();

  // Each command lists only the options it uses: check and import never print.
  const withTemplates = (command: Command) =>
    command
      .option('--style <name|dir>', "the house style for every file: a style's name (papers styles lists them) or its folder (default: the style each file names, else cheltenham)")
      .option('--templates <dir>', 'a style folder (the older name of --style DIR)');
  const withCommon = (command: Command) =>
    withTemplates(command)
      .option('--browser <path>', 'Chrome or Chromium executable (default: found on PATH; or PAPERS_BROWSER)')
      .option('--timeout <seconds>', 'longest time one document may take to print, and one pack to be assembled (default: 60)', parseTimeout)
      .option('--verbose', 'when not on a terminal (a log, a pipe), print every stage of each file, not only its end')
      .hook('preAction', (_command, action) => {
        reporter.verbose = Boolean(action.opts<{ verbose?: boolean }>().verbose);
      });

  withCommon(
    program
      .command('build')
      .description('validate reports and write DIR/<name>.html and DIR/<name>.pdf for each (and DIR/<name>.docx with --format docx)')
      .argument('<files...>', 'report data files (.yaml, .yml, .json) or globs')
      .option('-o, --out <dir>', 'output folder', 'output')
      .addOption(new Option('-f, --format <formats>', 'comma-separated: html, pdf, docx').default(['html', 'pdf'], 'html,pdf').argParser(parseFormats))
      .option('--no-appendices', "leave the appendices' papers out (by default each report is built whole, its appendices after it)"),
  ).action(async (patterns: string[], options: CommonOptions & { out: string; format: OutputFormat[]; appendices: boolean }) => {
    status = await runBuild(patterns, lend(options), reporter);
  });

  withTemplates(
    program
      .command('check')
      .description('validate reports and meetings only, printing every problem as file:line:column field: expected …')
      .argument('<files...>', 'report or meeting data files, or globs')
      .option('--root <dir>', "the data folder a meeting's files must be in (default: the meeting file's folder)")
      .option('--allow-draft', 'a meeting: accept a draft report in the public pack (as papers pack --allow-draft)'),
  ).action(async (patterns: string[], options: CommonOptions & { root?: string; allowDraft?: boolean }) => {
    status = await runCheck(patterns, options, reporter);
  });

  withCommon(
    program
      .command('pack')
      .description('build each meeting: DIR/<meeting>/agenda.html, public-pack.pdf and confidential-pack.pdf, a pack for each supplement, and manifest.json (what was published)')
      .argument('<meetings...>', 'meeting data files or globs')
      .option('-o, --out <dir>', 'output folder', 'output')
      .option('--root <dir>', "the data folder a meeting's files must be in (default: the meeting file's folder)")
      .option('--allow-draft', 'let a draft report into the public pack, marked DRAFT on each of its pages (refused otherwise)')
      .option('--republish', 'a pack published (its date of issue come) whose papers changed: write a new version beside it (refused otherwise)'),
  ).action(async (patterns: string[], options: CommonOptions & { out: string; root?: string; allowDraft?: boolean; republish?: boolean }) => {
    status = await runPackCommand(patterns, lend(options), reporter);
  });

  withTemplates(program.command('import'))
    .description("read a report written in Word (.docx, in the council's report template) into a report data file, with a located list of what a person should look at")
    .argument('<docx>', 'the Word document')
    .option('-o, --out <file>', 'the data file to write (default: beside the .docx, named after it, .yaml)')
    .option('--force', 'replace the data file if it is already there')
    .action(async (docx: string, options: { style?: string; templates?: string; out?: string; force?: boolean }) => {
      status = await runImport(docx, options, reporter);
    });

  withCommon(
    program
      .command('forward-plan')
      .description('write DIR/forward-plan.html and .pdf: the forward plan of the key decisions among these reports, in date order')
      .argument('<reports...>', 'report data files or globs (those with keyDecision: true are on the plan)')
      .option('-o, --out <dir>', 'output folder', 'output'),
  ).action(async (patterns: string[], options: CommonOptions & { out: string }) => {
    status = await runBatch(patterns, lend(options), true, async (batch) => {
      const { config, files, printer } = batch;
      if (!printer) throw new Error('the forward plan needs a printer');
      const result = await buildForwardPlan(files, { outDir: options.out, config, printer });
      if (!result.ok) {
        reporter.problems(result.problems);
        reporter.error('the forward plan was not written: every report on it must be valid');
        return 1;
      }
      reporter.line(`forward plan of ${result.decisions} key decision(s): ${result.outputs.join(' ')}`);
      return 0;
    });
  });

  withCommon(
    program
      .command('outcomes')
      .description('after a meeting: write its minutes (minutes.md, .html, .pdf) and, for an executive body, a decision notice for each decision, into DIR/<meeting>/')
      .argument('<files...>', 'outcomes files (attendance, declarations, decisions) or globs')
      .option('-o, --out <dir>', 'output folder', 'output'),
  ).action(async (patterns: string[], options: CommonOptions & { out: string }) => {
    status = await runBatch(patterns, lend(options), true, async (batch) => {
      const { config, files, printer } = batch;
      if (!printer) throw new Error('minutes need a printer');
      const results = [];
      for (const file of files) results.push(await buildOutcomes(file, { outDir: options.out, config, printer }));
      for (const result of results) if (result.ok) reporter.line(`${result.file}: ${result.outputs.join(' ')}`);
      return reportFailures(reporter, results, batch, 'outcomes file(s)');
    });
  });

  withTemplates(program.command('preview'))
    .description('show a report or meeting in your browser, following the file as you save it (problems shown over the last good version; /pdf for the real pages)')
    .argument('<file>', 'the report or meeting data file')
    .option('--port <number>', 'port on 127.0.0.1 (default: a free one)', parsePort)
    .option('--open', 'open the preview in your web browser')
    .option('--root <dir>', "the data folder a meeting's files must be in (default: the meeting file's folder)")
    .option('--browser <path>', 'Chrome or Chromium for the PDF view (default: found on PATH; or PAPERS_BROWSER)')
    .action(async (file: string, options: { style?: string; templates?: string; port?: number; open?: boolean; root?: string; browser?: string }) => {
      status = await runPreview(file, options, reporter);
    });

  withTemplates(program.command('new'))
    .description('write a starting report or meeting file: every field, a comment on each, and placeholders that papers check refuses until they are replaced')
    .addArgument(new Argument('<kind>', 'what to start').choices(['report', 'meeting']))
    .argument('[file]', 'the file to write (default: new-report.yaml or new-meeting.yaml here)')
    .option('--force', 'replace the file if it is already there')
    .action(async (kind: DocumentKind, file: string | undefined, options: { style?: string; templates?: string; force?: boolean }) => {
      const config = await new StyleChooser(forcedStyle(options)).configFor(undefined);
      const written = await writeStarter(kind, file ?? `new-${kind}.yaml`, config, { force: options.force });
      reporter.line(`${shownPath(written)}: written; replace each REPLACE value, then papers check ${shownPath(written)}`);
    });

  program
    .command('styles')
    .description("list the house styles (shipped, and the council's own in ./styles), each checked as it loads: its configuration and every label its templates use")
    .action(async () => {
      let broken = 0;
      for (const style of await listStyles()) {
        const check = await checkStyle(style.dir);
        reporter.line(`${style.name}  (${style.where}, ${shownPath(style.dir)})${check.description ? `: ${check.description}` : ''}`);
        for (const problem of check.problems) reporter.error(`  ${problem}`);
        for (const unused of check.unusedLabels) reporter.error(`  warning: ${unused}`);
        if (style.hides) reporter.error(`  warning: ${shownPath(style.hides)} has the same name, so the name finds this shipped style; rename the folder, or give it as --style ${shownPath(style.hides)}`);
        if (check.problems.length > 0) broken += 1;
      }
      status = broken > 0 ? EXIT_STATUS.CONFIG : 0;
    });

  withTemplates(program.command('schema'))
    .description("print the JSON Schema of report or meeting files (a report's as its style shapes it), for editors (the YAML language server) to complete and check fields as you type")
    .addArgument(new Argument('[kind]', 'which files').choices(['report', 'meeting']).default('report'))
    .option('-o, --out <file>', 'write it to this file instead')
    .action(async (kind: DocumentKind, options: { style?: string; templates?: string; out?: string }) => {
      const config = await new StyleChooser(forcedStyle(options)).configFor(undefined);
      const text = `${JSON.stringify(jsonSchemaFor(kind, config.report), null, 2)}\n`;
      if (options.out) {
        await writeFileAtomic(path.resolve(options.out), text);
        reporter.line(`${options.out}: written`);
      } else {
        reporter.write(text);
      }
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    reporter.error(`papers: ${describeError(error)}`);
    return exitStatusOf(error);
  }
  return status;
}

/** Validates reports and meetings (a file with `committee` and `items` is a meeting). */
async function runCheck(patterns: string[], options: CommonOptions & { root?: string; allowDraft?: boolean }, reporter: Reporter): Promise<number> {
  const styles = new StyleChooser(forcedStyle(options), process.cwd(), options.root);
  await styles.configFor(undefined);
  const files = await expandInputs(patterns);
  if (files.length === 0) throw new PapersError('NO_INPUT', `no files match ${patterns.join(' ')}`);
  let invalid = 0;
  // What each invalid file failed with: its data, or the style it names.
  const failures: Array<ErrorCode | 'INTERNAL'> = [];
  for (const file of files) {
    const config = await styles.configFor(file).catch((error: unknown) => {
      const failure = failureOf(error);
      reporter.problems(failure.problems);
      if (failure.error !== undefined) reporter.error(`${file}: ${failure.error}`);
      failures.push(errorCodeOf(error));
      return undefined;
    });
    if (!config) {
      invalid += 1;
      continue;
    }
    const parsed = await loadSource(file);
    if (!parsed.ok) {
      invalid += 1;
      reporter.problems(parsed.problems);
      continue;
    }
    const result = isMeeting(parsed.source.data) ? await meetingFromSource(parsed.source, config, { root: options.root, allowDraft: options.allowDraft }) : await reportFromSource(parsed.source, config);
    if (result.ok) {
      reporter.line(`${file}: valid`);
      if ('timetable' in result) {
        const { publishBy, clearDaysRequired, clearDaysGiven } = result.timetable;
        reporter.line(`${file}: timetable: publish the agenda by ${formatLongDate(publishBy, config.language)} (${clearDaysRequired} clear days before the meeting; the date of issue gives ${clearDaysGiven})`);
        for (const supplement of result.timetable.supplements) {
          reporter.line(
            `${file}: timetable: supplementary agenda ${supplement.number} issued ${formatLongDate(supplement.dateOfIssue, config.language)} (${supplement.clearDaysGiven} clear day${supplement.clearDaysGiven === 1 ? '' : 's'} before the meeting), items ${supplement.items.join(', ')}`,
          );
        }
        for (const decision of result.timetable.keyDecisions) {
          reporter.line(
            `${file}: timetable: item ${decision.item}, "${decision.title}", a key decision: on the forward plan by ${formatLongDate(decision.noticeBy, config.language)}; if taken and published on the day, call-in ends ${formatLongDate(decision.callInEnds, config.language)}`,
          );
        }
      }
      if ('warnings' in result) reporter.problems(result.warnings.map((warning) => ({ ...warning, message: `warning: ${warning.message}` })));
    } else {
      invalid += 1;
      reporter.problems(result.problems);
    }
  }
  if (invalid > 0) reporter.error(`${invalid} of ${files.length} file(s) invalid`);
  while (failures.length < invalid) failures.push('INVALID_INPUT');
  return batchExitStatus(failures);
}

function isMeeting(data: unknown): boolean {
  return looksLike(data, ['committee', 'items']);
}

async function runBuild(patterns: string[], options: CommonOptions & { out: string; format: OutputFormat[]; appendices: boolean }, reporter: Reporter): Promise<number> {
  const formats = options.format;
  return runBatch(patterns, options, formats.includes('pdf'), async (batch) => {
    const { config, configFor, files, printer } = batch;
    const results = await buildReports(files, {
      outDir: options.out,
      formats,
      config,
      configFor,
      printer,
      appendices: options.appendices,
      onProgress: ({ file, stage }) => reporter.progress(`${file}: ${stage}`, stage === 'done' || stage === 'failed'),
    });
    const rows = [['report', 'result', 'pages', 'seconds', 'files']];
    for (const result of results) {
      if (result.ok) rows.push([result.file, 'ok', String(result.pages ?? '-'), result.seconds.toFixed(2), result.outputs.join(' ')]);
      else rows.push([result.file, 'FAILED', '-', result.seconds.toFixed(2), '-']);
    }
    reporter.table(rows);
    for (const result of results) if (result.ok) reporter.problems(result.warnings.map((warning) => ({ ...warning, message: `warning: ${warning.message}` })));
    return reportFailures(reporter, results, batch, 'report(s)');
  });
}
