import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { ruleTableDocx } from '../../../src/formats/ruleTable';
import { shippedRuleSets } from '../../fixtures/allRuleSets';

async function documentXml(bytes: Uint8Array): Promise<string> {
  return (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
}

describe('考核细则 Word annex', () => {
  it('has the 附件 mark, the title, merged 一级 cells with their points, check points and the 合计 line', async () => {
    const rs = shippedRuleSets().find((s) => s.name === 'national-website-2019.json')!.ruleSet;
    const xml = await documentXml(await ruleTableDocx(rs));
    expect(xml).toContain('附件');
    expect(xml).toContain(`${rs.name}考核细则`);
    expect(xml).toContain('扣分部分（100分）');
    expect(xml).toContain('<w:vMerge w:val="restart"/>');
    expect(xml).toContain('未标注文件有效性');
    expect(xml).toContain('合计');
    // 仿宋 cells and 黑体 headers, as the circular
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('w:eastAsia="黑体"');
  });
});
