/** Names of the generated files, as an office files them: the year first, the subject in words. */
import { safeFileName } from '../download';

export const fileNames = {
  circular: (year: number) => safeFileName(`${year}年度政务公开考核情况通报`) + '.docx',
  resultsXlsx: (year: number) => safeFileName(`${year}年度政务公开考核结果`) + '.xlsx',
  resultsCsv: (year: number) => safeFileName(`${year}年度政务公开考核结果`) + '.csv',
  problemZip: (year: number) => safeFileName(`${year}年度政务公开考核问题清单（各单位）`) + '.zip',
  problemList: (year: number, unitName: string) => safeFileName(`${unitName}${year}年度政务公开考核问题清单`) + '.docx',
  template: (year: number, groupName: string, assessorName: string, blank: boolean) =>
    safeFileName(`${year}年度${groupName}离线录入模板（${assessorName}${blank ? '，空白' : ''}）`) + '.xlsx',
};
