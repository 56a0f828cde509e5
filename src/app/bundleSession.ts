/**
 * One bundle file from choosing to storing, where the file is: read and checked (bundleIngest.ts), then,
 * as the page asks, planned and merged into an assessment (导入合并, exchange.ts) or opened as an
 * assessment of its own (openBundle.ts). It runs in the bundle worker, so a nation's million entries
 * are read, checked, compared with this machine's and written without being copied to the page or
 * worked on its thread; the page gets a summary of the file, the merge plan for its dialogs (rule-set
 * impact) and the outcome. Where no worker starts, the same session runs on the page (bundleSessionPage.ts).
 * No React here.
 */
import type { AssessmentRow, KaoheDb, OpenedBundle } from '../store/repo';
import type { RuleSetDecisions } from './changeRuleSet';
import { applyBundleMerge, planBundleMerge, type BundleMergeOutcome, type BundleMergePlan } from './exchange';
import { ingestBundle, type IngestProgress } from './bundleIngest';
import type { OpenStep } from './bundleOpen';
import type { ValidationIssue } from '../model/issues';
import { openBundleAsNew, sameAssessment, type ReadBundle } from './openBundle';

/** What the page knows of a sound file: enough for its questions and its sentences, not the entries. */
export interface BundleSummary {
  assessment: { id: string; name: string; year: number };
  units: number;
  entries: number;
  attachments: number;
  /** this machine's assessment with the file's id, when there is one (a copy or a merge is asked for) */
  local?: AssessmentRow;
}

export type SessionRead = { ok: true; summary: BundleSummary } | { ok: false; errors: ValidationIssue[] };

/** The merge plan as the page shows it: everything but the file itself, which stays where it was read. */
export type MergePlanView = Omit<BundleMergePlan, 'input'>;

/** What the page asks of the session, in this order: read once, then a merge (plan, apply) or an open. */
export type SessionCommand =
  | { do: 'read'; file: Blob; fileName: string; present?: ReadonlySet<string> }
  | { do: 'planMerge'; assessmentId: string }
  | { do: 'applyMerge'; decisions: Record<string, RuleSetDecisions>; who: string }
  | { do: 'open'; asCopy: boolean; who: string };

export interface SessionAnswers {
  read: SessionRead | undefined;
  planMerge: MergePlanView;
  applyMerge: BundleMergeOutcome;
  open: OpenedBundle;
}

export type Answer<C extends SessionCommand> = SessionAnswers[C['do']];

export class BundleSession {
  private read: ReadBundle | undefined;
  private plan: BundleMergePlan | undefined;

  constructor(private readonly db: KaoheDb) {}

  /** `stop` is asked between chunks of reading (a cancel on the page's own thread). */
  async run<C extends SessionCommand>(command: C, progress: (p: OpenStep) => void, stop: () => boolean = () => false): Promise<Answer<C>> {
    return (await this.dispatch(command, progress, stop)) as Answer<C>;
  }

  private async dispatch(command: SessionCommand, progress: (p: OpenStep) => void, stop: () => boolean): Promise<SessionAnswers[keyof SessionAnswers]> {
    switch (command.do) {
      case 'read':
        return this.readFile(command, progress, stop);
      case 'planMerge': {
        const plan = await planBundleMerge(this.db, command.assessmentId, this.bundleRead());
        this.plan = plan;
        const { input: _input, ...view } = plan;
        return view;
      }
      case 'applyMerge':
        if (!this.plan) throw new Error('no merge planned');
        return applyBundleMerge(this.db, this.plan, command.decisions, command.who);
      case 'open':
        return openBundleAsNew(this.db, this.bundleRead(), command.who, command.asCopy, (stored, total) => progress({ stage: 'store', stored, total }));
    }
  }

  private bundleRead(): ReadBundle {
    if (!this.read) throw new Error('no bundle read');
    return this.read;
  }

  private async readFile(command: Extract<SessionCommand, { do: 'read' }>, progress: (p: IngestProgress) => void, stop: () => boolean): Promise<SessionRead | undefined> {
    const { file, fileName, present } = command;
    const result = await ingestBundle({ file, fileName, ...(present && { present }) }, progress, stop);
    if (!result) return undefined;
    if (!result.ok) return result;
    const { bundle } = result;
    this.read = { bundle, ...('files' in result && { files: result.files }) };
    const local = await sameAssessment(this.db, bundle);
    const { id, name, year } = bundle.assessment;
    return {
      ok: true,
      summary: {
        assessment: { id, name, year },
        units: bundle.units.length,
        entries: bundle.entries.length,
        attachments: bundle.attachments?.length ?? 0,
        ...(local && { local }),
      },
    };
  }
}
