import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { circularDocx } from '../../src/formats/docx/circularDocx';
import { problemListDocx, problemListsZip } from '../../src/formats/docx/problemListDocx';
import { unitProblems } from '../../src/report/reportTables';
import { ASSESSORS, UNITS, exportEntries, exportResult, exportRuleSet, paragraphsOf } from './exportFixtures';

async function parts(bytes: Uint8Array): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files)) {
    if (name.endsWith('.xml')) out[name] = await (zip.file(name) as JSZip.JSZipObject).async('string');
  }
  return out;
}

/** True when `needle` occurs in `list` as consecutive items. */
function containsRun(list: readonly string[], needle: readonly string[]): boolean {
  return list.some((_, i) => needle.every((n, j) => list[i + j] === n));
}

describe('circularDocx', async () => {
  const ruleSet = exportRuleSet();
  const xml = await parts(await circularDocx([{ ruleSet, result: exportResult() }], { year: 2024 }));
  const doc = xml['word/document.xml'] as string;
  const paragraphs = paragraphsOf(doc);

  it('has the title, placeholders for 文号, 主送机关 and date, and the attachment list', () => {
    expect(paragraphs).toContain('关于2024年度政务公开工作考核结果的通报');
    expect(paragraphs).toContain('XXXX〔\u3000\u3000〕号');
    expect(paragraphs).toContain('XXXX：');
    expect(paragraphs).toContain('XXXX年XX月XX日');
    expect(paragraphs).toContain('附件：1．2024年度市（州）政府政务公开工作考核结果');
  });

  it('states the overall situation and the 优秀 units in score order', () => {
    expect(paragraphs).toContain('一、总体情况');
    expect(paragraphs).toContain('3个市（州）政府中，合格2个，不合格1个（金昌市）。考核结果为优秀的1个，按得分排序为：兰州市。');
  });

  it('says per indicator how many units got full marks', () => {
    expect(paragraphs).toContain('二、各项指标情况');
    // 兰州市 27.5/30, 38/40, 30/30; 嘉峪关市 23.5, 30, 20; 金昌市 not scored
    expect(paragraphs).toContain('“基础信息公开”项，市（州）政府无满分单位。');
    expect(paragraphs).toContain('“重点领域信息公开”项，市（州）政府无满分单位。');
    expect(paragraphs).toContain('“政府信息公开年报编制”项，市（州）政府得满分的有1个。');
  });

  it('attaches the results table: header, then units in order with scores, rank and tier', () => {
    expect(paragraphs).toContain('附件1');
    expect(paragraphs).toContain('2024年度市（州）政府政务公开工作考核结果');
    expect(containsRun(paragraphs, ['序号', '单位', '基础信息公开（30分）', '重点领域信息公开（40分）', '政府信息公开年报编制（30分）', '加分', '扣分', '总分', '排名', '等次', '备注'])).toBe(true);
    expect(containsRun(paragraphs, ['1', '兰州市', '27.50', '38.00', '30.00', '3.00', '0.00', '98.50', '1', '优秀', ''])).toBe(true);
    expect(containsRun(paragraphs, ['2', '嘉峪关市', '23.50', '30.00', '20.00', '0.00', '2.00', '71.50', '2', '合格', ''])).toBe(true);
    expect(containsRun(paragraphs, ['3', '金昌市', '—', '—', '—', '—', '—', '—', '3', '不合格', '发生失泄密事件（一票否决，考核结果为不合格）'])).toBe(true);
    expect(paragraphs.indexOf('兰州市')).toBeLessThan(paragraphs.indexOf('嘉峪关市'));
    expect(paragraphs.indexOf('嘉峪关市')).toBeLessThan(paragraphs.indexOf('金昌市'));
    expect(doc).toContain('<w:tblHeader/>'); // the header row repeats on every page
  });

  it('names the official fonts for East Asian text, with fallbacks in the font table', () => {
    expect(doc).toContain('w:eastAsia="方正小标宋简体"');
    expect(doc).toContain('w:eastAsia="仿宋_GB2312"');
    expect(doc).toContain('w:eastAsia="黑体"');
    expect(doc).toContain('w:eastAsia="zh-CN"');
    const fonts = xml['word/fontTable.xml'] as string;
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="方正小标宋_GBK"/>');
    expect(fonts).toContain('<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>');
    expect(fonts).toContain('<w:charset w:val="86"/>');
    // Word reads an altName as one font name of at most 31 characters, never as a list
    const alts = [...fonts.matchAll(/<w:altName w:val="([^"]*)"\/>/g)].map((m) => m[1]!);
    expect(alts).toHaveLength(5);
    for (const alt of alts) {
      expect(alt.length).toBeLessThanOrEqual(31);
      expect(alt).not.toMatch(/[,，;]/);
    }
  });

  it('sets 3号 (16 pt) body text and a 2号 (22 pt) title', () => {
    expect(xml['word/styles.xml']).toMatch(/<w:rPrDefault>[\s\S]*<w:sz w:val="32"\/>/);
    expect(doc).toMatch(/<w:sz w:val="44"\/>[\s\S]{0,200}关于2024年度/);
  });

  it('lays the text out on A4 with the GB/T 9704 margins, the wide table on a landscape A4 page', () => {
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"\/>/);
    expect(doc).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(doc).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
  });

  it('numbers pages "— 1 —" with a PAGE field, odd pages right and even pages left', () => {
    const footers = Object.entries(xml).filter(([name]) => /word\/footer\d+\.xml/.test(name)).map(([, x]) => x);
    expect(footers.length).toBeGreaterThanOrEqual(2);
    for (const f of footers) {
      expect(f).toMatch(/<w:fldChar w:fldCharType="begin"\/>[\s\S]*<w:instrText[^>]*>PAGE<\/w:instrText>/);
      expect(f).toContain('— ');
    }
    expect(footers.some((f) => f.includes('<w:jc w:val="right"/>'))).toBe(true);
    expect(footers.some((f) => f.includes('<w:jc w:val="left"/>'))).toBe(true);
    expect(xml['word/settings.xml']).toContain('<w:evenAndOddHeaders/>');
  });
});

describe('problem lists', () => {
  const lists = unitProblems(exportRuleSet(), exportResult(), UNITS, exportEntries(), ASSESSORS);

  it('lists each deduction with its check point, reason, evidence and points', async () => {
    const jiayuguan = lists[1];
    if (!jiayuguan) throw new Error('missing unit');
    const p = paragraphsOf((await parts(await problemListDocx(jiayuguan, { year: 2024 })))['word/document.xml'] as string);
    expect(p[0]).toBe('嘉峪关市2024年度政务公开工作考核问题清单');
    expect(p).toContain('经考核，你单位2024年度政务公开工作考核得分71.50分，在3个市（州）政府中排名第2位，考核等次为合格。现将考核发现的问题反馈如下，请逐项整改。');
    expect(containsRun(p, ['序号', '指标', '检查点', '问题描述', '佐证', '扣分'])).toBe(true);
    expect(containsRun(p, ['1', '基础信息公开', '预决算公开', '预算表格不完整', '', '1.00'])).toBe(true);
    expect(containsRun(p, ['2', '基础信息公开', '预决算公开', '=未公开三公经费说明', '', '1.50'])).toBe(true);
    expect(containsRun(p, ['3', '重大扣分项', '重大扣分项', '发生重大舆情未及时回应', '', '2.00'])).toBe(true);
    // items scored below their points without a finding: policy 16/20, keyArea 30/40, 年报 20/30
    expect(containsRun(p, ['1', '基础信息公开', '政策文件', '16.00', '20.00', '4.00', ''])).toBe(true);
    expect(containsRun(p, ['3', '政府信息公开年报编制', '政府信息公开年报编制', '20.00', '30.00', '10.00', '未达标：格式规范'])).toBe(true);
    expect(p).toContain('请对照以上问题逐项整改，于XXXX年XX月XX日前将整改情况书面报送XXXX。');
  });

  it('names the check point and evidence of a deduction', async () => {
    const lanzhou = lists[0];
    if (!lanzhou) throw new Error('missing unit');
    const p = paragraphsOf((await parts(await problemListDocx(lanzhou, { year: 2024 })))['word/document.xml'] as string);
    expect(containsRun(p, ['1', '基础信息公开', '预决算公开：未按时公开', '决算公开晚于规定时间', 'https://www.example.gov.cn/js/2024.html', '2.00'])).toBe(true);
  });

  it('puts a vetoed unit’s veto first and says it was not scored', async () => {
    const jinchang = lists[2];
    if (!jinchang) throw new Error('missing unit');
    const p = paragraphsOf((await parts(await problemListDocx(jinchang, { year: 2024 })))['word/document.xml'] as string);
    expect(p).toContain('经考核，你单位2024年度政务公开工作因“发生失泄密事件”被一票否决，考核等次为不合格。现将考核发现的问题反馈如下，请逐项整改。');
    expect(p).toContain('一、否决事项');
    expect(p).toContain('1．发生失泄密事件：门户网站泄露内部文件（一票否决，考核结果为不合格）。');
    expect(p).toContain('无扣分问题。');
  });

  it('zips one .docx per unit in a folder per group, in rank order', async () => {
    const zip = await JSZip.loadAsync(await problemListsZip([{ groupName: '市（州）政府', lists }], { year: 2024 }));
    const names = Object.keys(zip.files).filter((n) => n.endsWith('.docx'));
    expect(names).toEqual(['市（州）政府/01-兰州市-问题清单.docx', '市（州）政府/02-嘉峪关市-问题清单.docx', '市（州）政府/03-金昌市-问题清单.docx']);
    const inner = await (zip.file(names[1] as string) as JSZip.JSZipObject).async('uint8array');
    expect(paragraphsOf((await parts(inner))['word/document.xml'] as string)[0]).toBe('嘉峪关市2024年度政务公开工作考核问题清单');
  });

  it('cleans hostile group and unit names into entries every unzip tool can create, capped and unique', async () => {
    const [first, second, third] = lists as [(typeof lists)[number], (typeof lists)[number], (typeof lists)[number]];
    const long = '很'.repeat(4200);
    const zip = await JSZip.loadAsync(
      await problemListsZip(
        [
          { groupName: '..', lists: [{ ...first, unitName: '../../etc/passwd' }] },
          { groupName: '../..', lists: [{ ...second, unitName: '..' }] },
          { groupName: long, lists: [{ ...third, unitName: long }] },
          { groupName: '市/州', lists: [{ ...first, unitName: 'CON' }] },
          { groupName: '市_州', lists: [{ ...second, unitName: ' \u0000 ' }] },
        ],
        { year: 2024 },
      ),
    );
    const names = Object.keys(zip.files).filter((n) => n.endsWith('.docx'));
    expect(names).toHaveLength(5);
    for (const n of names) {
      const segments = n.split('/');
      expect(segments).toHaveLength(2);
      for (const seg of segments) {
        expect(seg === '.' || seg === '..' || seg.startsWith('.')).toBe(false);
        expect(seg).not.toMatch(/[\\:*?"<>|]/);
        expect([...seg].some((ch) => ch < ' ')).toBe(false);
        expect(new TextEncoder().encode(seg).length).toBeLessThanOrEqual(200);
      }
      expect(segments[1]).not.toMatch(/^(CON|PRN|AUX|NUL|COM\d|LPT\d)(\.|$)/i);
    }
    // two groups whose names clean to the same folder keep apart
    expect(new Set(names.map((n) => n.split('/')[0])).size).toBe(5);
    expect(new Set(names).size).toBe(5);
  });
});
