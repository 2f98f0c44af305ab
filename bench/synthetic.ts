import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';

/** A small seeded generator, so every run measures the same documents. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'council cabinet members officers residents community services budget strategy review commissioning ' +
  'partnership consultation performance outcomes delivery housing planning transport parking waste ' +
  'recycling leisure culture economy investment capital revenue savings risk governance scrutiny ' +
  'committee report recommendation policy framework programme project contract procurement provider ' +
  'assessment equality environmental climate carbon efficiency value money medium term financial ' +
  'plan corporate priorities wellbeing safety licensing enforcement neighbourhood ward town centre'
).split(' ');

export const MEETING = { body: 'Council', date: '2012-06-25' } as const;

function sentence(random: () => number, words: number): string {
  const out: string[] = [];
  for (let index = 0; index < words; index++) out.push(WORDS[Math.floor(random() * WORDS.length)] as string);
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function paragraph(random: () => number, words: number): string {
  const sentences: string[] = [];
  for (let left = words; left > 0; ) {
    const length = Math.min(left, 10 + Math.floor(random() * 14));
    sentences.push(sentence(random, length));
    left -= length;
  }
  return sentences.join(' ');
}

function contact(random: () => number, index: number) {
  return { name: `Officer ${index} ${sentence(random, 1).replace('.', '')}`, email: `officer${index}@example.gov.uk`, phone: `01242 ${String(100000 + index).slice(0, 6)}` };
}

/**
 * A report of realistic shape: cover table with six implications and contacts, numbered
 * sections with 60–140-word paragraphs, a table and a list: 4 to 10 pages.
 */
export function syntheticReport(seed: number, options: { exempt?: boolean; appendices?: Array<{ title: string; file: string; exemptParagraphs?: number[] }> } = {}): Record<string, unknown> {
  const random = seededRandom(seed);
  const size = random();
  const sectionCount = 5 + Math.floor(size * 3);
  const paragraphsPerSection = 2 + Math.floor(size * 5);
  const headings = ['Background', 'Reasons for recommendations', 'Alternative options considered', 'Consultation and feedback', 'Performance management – monitoring and review', 'Financial context', 'Timetable'];
  return {
    council: 'Sample Borough Council',
    meeting: { ...MEETING },
    title: `Synthetic report ${seed}: ${sentence(random, 4).replace('.', '')}`,
    ...(options.exempt ? { classification: 'exempt', exemptParagraphs: [3], exemptDescription: 'Financial or business affairs of a particular person' } : {}),
    accountableMember: 'Cabinet Member Finance, Councillor Sample',
    accountableOfficer: 'Director of Resources, Sample Officer',
    wards: 'All',
    keyDecision: false,
    executiveSummary: paragraph(random, 60 + Math.floor(random() * 40)),
    recommendations: { intro: 'That Council:', items: [1, 2, 3].map(() => `${sentence(random, 12).replace('.', '')};`) },
    implications: ['Financial implications', 'Legal implications', 'HR implications', 'Key risks', 'Corporate and community plan implications', 'Environmental and climate change implications'].map((heading, index) => ({
      heading,
      text: paragraph(random, 30 + Math.floor(random() * 40)),
      ...(index < 3 ? { contact: contact(random, seed * 10 + index) } : {}),
    })),
    sections: Array.from({ length: sectionCount }, (_, sectionIndex) => ({
      heading: headings[sectionIndex] ?? `Section ${sectionIndex + 1}`,
      paragraphs: Array.from({ length: paragraphsPerSection }, (_, paragraphIndex) => {
        if (sectionIndex === 1 && paragraphIndex === 0) {
          const rows = Array.from({ length: 5 }, (_, row) => `| ${sentence(random, 3).replace('.', '')} | £${(row + 1) * 125}k | £${(row + 2) * 110}k |`);
          return `The figures are:\n\n| Budget line | 2011/12 | 2012/13 |\n| --- | --- | --- |\n${rows.join('\n')}`;
        }
        if (sectionIndex === 3 && paragraphIndex === 0) return `Consultation included:\n\n${[1, 2, 3, 4].map(() => `- ${sentence(random, 8)}`).join('\n')}`;
        return paragraph(random, 60 + Math.floor(random() * 80));
      }),
    })),
    author: contact(random, seed),
    appendices: options.appendices ?? [],
    backgroundPapers: [sentence(random, 6)],
  };
}

export function syntheticReportYaml(seed: number): string {
  return stringify(syntheticReport(seed));
}

/**
 * Writes a meeting of `reportCount` reports into `dir`: minutes, the reports, one with an
 * exempt appendix, the exclusion resolution and one exempt report (the last).
 */
export async function writeSyntheticMeeting(dir: string, name: string, reportCount: number): Promise<string> {
  await mkdir(path.join(dir, 'reports'), { recursive: true });
  await writeFile(path.join(dir, 'minutes.md'), `# Minutes\n\n${Array.from({ length: 12 }, (_, index) => paragraph(seededRandom(index), 80)).join('\n\n')}\n`);
  await writeFile(path.join(dir, 'exempt-appendix.md'), `# Commercial terms\n\n${paragraph(seededRandom(99), 200)}\n`);
  const items: unknown[] = [
    { type: 'procedural', title: 'Apologies', text: 'To receive apologies for absence.' },
    { type: 'procedural', title: 'Declarations of interest' },
    { type: 'procedural', title: 'Minutes of the last meeting', papers: 'minutes.md' },
  ];
  for (let index = 0; index < reportCount; index++) {
    const exempt = index === reportCount - 1;
    const appendices = index === 1 ? [{ title: 'Commercial terms', file: '../exempt-appendix.md', exemptParagraphs: [3] }] : [];
    const file = path.join('reports', `${name}-report-${index + 1}.yaml`);
    await writeFile(path.join(dir, file), stringify(syntheticReport(1000 + index, { exempt, appendices })));
    if (exempt) items.push({ type: 'exclusion' });
    items.push({ type: 'report', report: file });
  }
  return writeMeetingFile(dir, name, items, { council: 'Sample Borough Council', time: '18:00' });
}

/** Writes a meeting of the bench's committee with these items: twelve members, a contact, issued in time. */
export async function writeMeetingFile(dir: string, name: string, items: unknown[], details: { council: string; time: string }): Promise<string> {
  const meeting = {
    council: details.council,
    committee: MEETING.body,
    date: MEETING.date,
    time: details.time,
    venue: 'Council Chamber',
    membership: Array.from({ length: 12 }, (_, index) => ({ name: `Councillor ${index + 1}`, role: index === 0 ? 'chair' : index === 1 ? 'vice-chair' : 'member' })),
    contact: { name: 'Democratic Services', email: 'democratic.services@example.gov.uk', phone: '01242 000000' },
    dateOfIssue: '2012-06-15',
    items,
  };
  const file = path.join(dir, `${name}.yaml`);
  await writeFile(file, stringify(meeting));
  return file;
}
