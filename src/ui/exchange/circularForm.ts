/**
 * The circular's particulars (文号, 主送机关, 发文单位, 日期, short group names) as the coordinator typed
 * them, per assessment. They are drafting choices for a file, not assessment data, so they live in
 * the browser's local storage; the print view (#/print) reads the same values, also in a new tab.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { CircularDocxOptions } from '../../app/circularContent';

export interface CircularForm {
  docNumber: string;
  recipients: string;
  issuer: string;
  date: string;
  /** 依据: the scheme document the assessment follows */
  basis: string;
  /** 整改期限 */
  deadline: string;
  /** 版记: 抄送, 印发机关, 印发日期 (no 版记 while 印发机关 is empty) */
  cc: string;
  printer: string;
  printDate: string;
  /** short label per group key, as typed; a missing key means "use the suggestion" */
  shortNames: Record<string, string>;
}

export const EMPTY_FORM: CircularForm = {
  docNumber: '',
  recipients: '',
  issuer: '',
  date: '',
  basis: '',
  deadline: '',
  cc: '',
  printer: '',
  printDate: '',
  shortNames: {},
};

interface CircularFormState {
  byAssessment: Record<string, CircularForm>;
  update(assessmentId: string, change: Partial<CircularForm>): void;
}

export const useCircularForms = create<CircularFormState>()(
  persist(
    (set) => ({
      byAssessment: {},
      update: (assessmentId, change) =>
        set((s) => ({
          byAssessment: { ...s.byAssessment, [assessmentId]: { ...EMPTY_FORM, ...s.byAssessment[assessmentId], ...change } },
        })),
    }),
    { name: 'zwgk-circular', version: 1, partialize: (s) => ({ byAssessment: s.byAssessment }) },
  ),
);

export function useCircularForm(assessmentId: string): [CircularForm, (change: Partial<CircularForm>) => void] {
  const stored = useCircularForms((s) => s.byAssessment[assessmentId]);
  const update = useCircularForms((s) => s.update);
  // forms saved before a field existed lack it: it reads empty
  return [stored ? { ...EMPTY_FORM, ...stored } : EMPTY_FORM, (change) => update(assessmentId, change)];
}

/**
 * The usual short label of a group inside the circular's sentences: "省政府部门" reads "部门", "市直部门"
 * "部门"; "市（州）政府及兰州新区管委会" reads "市（州）政府" (the 2022 circular: "市（州）政府得满分的有14个");
 * a group without such a tail keeps its name.
 */
export function suggestedShortName(groupName: string): string {
  if (/部门$/.test(groupName)) return '部门';
  const joined = /^(.+政府)及.+$/.exec(groupName);
  return joined ? joined[1]! : groupName;
}

/** The label a group gets: what was typed, else the suggestion; blank falls back to the full name. */
export function shortNameOf(form: CircularForm, group: { key: string; name: string }): string {
  const typed = form.shortNames[group.key];
  if (typed === undefined) return suggestedShortName(group.name);
  return typed.trim() === '' ? group.name : typed.trim();
}

/** Options for the circular: an empty field leaves the generator's placeholder (XXXX) in place. */
export function circularOptions(form: CircularForm, year: number, groups: readonly { key: string; name: string }[]): CircularDocxOptions {
  const given = (s: string) => (s.trim() === '' ? undefined : s.trim());
  const opts: CircularDocxOptions = {
    year,
    shortNames: Object.fromEntries(groups.map((g) => [g.key, shortNameOf(form, g)])),
  };
  const docNumber = given(form.docNumber);
  const recipients = given(form.recipients);
  const issuer = given(form.issuer);
  const date = given(form.date);
  if (docNumber) opts.docNumber = docNumber;
  if (recipients) opts.recipients = recipients.replace(/[：:]$/, '');
  if (issuer) opts.issuer = issuer;
  if (date) opts.date = date;
  const basis = given(form.basis);
  const deadline = given(form.deadline);
  const printer = given(form.printer);
  if (basis) opts.basis = basis;
  if (deadline) opts.deadline = deadline;
  if (printer) {
    const cc = given(form.cc);
    opts.banji = { printer, printDate: given(form.printDate) ?? `${year}年XX月XX日`, ...(cc && { cc }) };
  }
  return opts;
}
