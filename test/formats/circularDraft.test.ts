/** A circular made while results are provisional carries its draft mark on every page. */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { circularDocx } from '../../src/formats/docx/circularDocx';
import { exportResult, exportRuleSet, incompleteEntries } from './exportFixtures';

async function xmlParts(bytes: Uint8Array): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files)) if (name.endsWith('.xml')) out[name] = await zip.file(name)!.async('string');
  return out;
}

describe('circular draft', () => {
  const ruleSet = exportRuleSet();
  const groups = [{ ruleSet, result: exportResult(ruleSet, incompleteEntries()) }];

  it('puts 征求意见稿 in the header of every section and before the title', async () => {
    const parts = await xmlParts(await circularDocx(groups, { year: 2024, draft: '征求意见稿' }));
    const headers = Object.entries(parts).filter(([name]) => /word\/header\d+\.xml$/.test(name));
    // the main text and one attachment, each with an odd and an even page header
    expect(headers.length).toBeGreaterThanOrEqual(4);
    for (const [, xml] of headers) expect(xml).toContain('征求意见稿');
    const doc = parts['word/document.xml']!;
    expect(doc).toContain('（征求意见稿）');
    // the provisional wording of the results, and no tier stated as final
    expect(doc).toContain('初步结果');
    expect(doc).not.toContain('全部合格');
  });

  it('a circular without the option has no draft mark', async () => {
    const parts = await xmlParts(await circularDocx(groups, { year: 2024 }));
    expect(Object.values(parts).some((xml) => xml.includes('征求意见稿'))).toBe(false);
  });
});
