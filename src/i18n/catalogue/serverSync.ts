/**
 * Strings of live sync through a CouchDB server (keys prefixed "sync."): the header's status and the
 * settings section of 导入导出. See messages.ts.
 */
import { defineCatalogue } from './define';

export const syncCatalogue = defineCatalogue(
  {
    'sync.state.synced': '已同步',
    'sync.state.syncing': '同步中',
    'sync.state.offline': '离线',
    'sync.state.login': '需重新登录',
    'sync.pending': '{n} 项待同步',
    'sync.lastAt': '上次同步 {at}',
    'sync.never': '尚未同步',
    'sync.title': '服务器同步',
    'sync.intro': '有内网服务器（CouchDB）时，可把本考核与服务器实时同步：每台电脑离线时照常录入，连上后自动互相同步。不用服务器时，仍可用评分文件交换。',
    'sync.server': '服务器地址',
    'sync.serverHint': '例如 https://couch.example.gov.cn:6984',
    'sync.db': '数据库',
    'sync.user': '用户名',
    'sync.password': '密码',
    'sync.enable': '登录并开启同步',
    'sync.disable': '关闭同步',
    'sync.disabledNote': '同步已关闭：本机保留完整数据，可随时重新开启。',
    'sync.onAs': '正在以 {user} 身份同步 {server} 上的数据库 {db}。',
    'sync.refused': '服务器拒绝了 {n} 项修改（此账号无权写入）：{first}',
    'sync.problem': '最近一次同步的问题：{message}',
    'sync.conflictsHint': '两处对同一格作了不同修改时，会列在下方“合并冲突”中，由协调人决定。',
  },
  {
    'sync.state.synced': 'Synced',
    'sync.state.syncing': 'Syncing',
    'sync.state.offline': 'Offline',
    'sync.state.login': 'Log in again',
    'sync.pending': '{n} pending',
    'sync.lastAt': 'last synced {at}',
    'sync.never': 'not synced yet',
    'sync.title': 'Server sync',
    'sync.intro': 'With an intranet server (CouchDB) this assessment can sync live: every computer keeps working offline and syncs when it is back. Without a server, score files still work.',
    'sync.server': 'Server address',
    'sync.serverHint': 'e.g. https://couch.example.gov.cn:6984',
    'sync.db': 'Database',
    'sync.user': 'User name',
    'sync.password': 'Password',
    'sync.enable': 'Log in and turn sync on',
    'sync.disable': 'Turn sync off',
    'sync.disabledNote': 'Sync is off: this computer keeps the complete data and can turn it on again.',
    'sync.onAs': 'Syncing database {db} on {server} as {user}.',
    'sync.refused': 'The server refused {n} changes (not allowed for this login): {first}',
    'sync.problem': 'Last sync problem: {message}',
    'sync.conflictsHint': 'Different edits of one cell made in two places are listed under merge conflicts below for the coordinator to decide.',
  },
);
