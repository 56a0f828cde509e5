/** Strings of reading a bundle file for import (keys prefixed "ingest."): its stages, progress and cancel. */
import { defineCatalogue } from './define';

export const ingestCatalogue = defineCatalogue(
  {
    'ingest.stage.read': '读取文件',
    'ingest.stage.parse': '解析 JSON',
    'ingest.stage.check': '校验内容',
    'ingest.store': '写入本机数据',
    'ingest.progressRead': '正在{stage}（第 1/3 步）：已读 {loaded} / {total}',
    'ingest.progressParse': '正在{stage}（第 2/3 步）…',
    'ingest.progressCheck': '正在{stage}（第 3/3 步）…',
    'ingest.progressStore': '校验通过，正在{stage}…',
    'ingest.cancel': '取消',
    'ingest.cancelTitle': '停止读取这个文件：校验完成前不会写入任何数据',
    'ingest.cancelled': '已取消导入“{file}”，数据未作任何修改。',
  },
  {
    'ingest.stage.read': 'reading the file',
    'ingest.stage.parse': 'parsing the JSON',
    'ingest.stage.check': 'checking the contents',
    'ingest.store': 'storing on this computer',
    'ingest.progressRead': 'Step 1 of 3, {stage}: {loaded} of {total}',
    'ingest.progressParse': 'Step 2 of 3, {stage}…',
    'ingest.progressCheck': 'Step 3 of 3, {stage}…',
    'ingest.progressStore': 'Checks passed, {stage}…',
    'ingest.cancel': 'Cancel',
    'ingest.cancelTitle': 'Stop reading this file: nothing is written before the checks finish',
    'ingest.cancelled': 'Import of “{file}” cancelled; nothing was changed.',
  },
);
