/**
 * Who may do what on the server, enforced by CouchDB itself: the database's `_security` object (who
 * may read it at all) and a design document whose `validate_doc_update` checks every write, from the
 * app, from replication and from a hand-made HTTP request alike.
 *
 * Roles (CouchDB user roles; a user's name is its id in the assessment):
 * - coordinator 协调人: everything (also a database admin: may change the design document);
 * - assessor 考核人员: only entry documents of their own cells (`data.assessorId` = their user name),
 *   findings included, before and after the write; audit records signed with their login; removals of
 *   attachments that name them as the assessor whose finding or veto entry held the file;
 * - leadership 领导: reads, never writes;
 * - unit 被考核单位: only its self-assessment documents `self:<unitId>`, with a role `unit:<unitId>`.
 *   A unit is no member of the assessment's database (CouchDB lets a member read every document): it
 *   works in a database of its own (unitDb.ts), whose validation function is `unitValidateDocUpdate`.
 *
 * The function is JavaScript as CouchDB runs it (ES5, in its own sandbox): kept as text, never run here.
 */
export const ROLES = ['coordinator', 'assessor', 'leadership', 'unit'] as const;
export type Role = (typeof ROLES)[number];

export const DESIGN_DOC_ID = '_design/kaohe';

export const VALIDATE_DOC_UPDATE = `function (newDoc, oldDoc, userCtx) {
  var roles = userCtx.roles || [];
  function has(role) { return roles.indexOf(role) !== -1; }
  function refuse(why) { throw({ forbidden: why }); }
  if (!has('_admin') && (newDoc._id.indexOf('audit:') === 0 || newDoc._id.indexOf('attachmentRemoval:') === 0)) {
    // records written once: never edited or deleted, not even by the coordinator
    if (oldDoc) refuse('审计记录和附件删除记录只能新增，不能修改或删除');
    if (newDoc._deleted) refuse('审计记录和附件删除记录不能删除');
    if (!has('coordinator') && !has('assessor')) refuse('此账号不能写入“' + newDoc._id + '”');
    if (newDoc._id.indexOf('audit:') === 0 && (newDoc.kind !== 'audit' || !newDoc.data || newDoc.data.by !== userCtx.name)) refuse('审计记录须以本人的登录名提交（data.by 应为 ' + userCtx.name + '）');
    if (newDoc._id.indexOf('attachmentRemoval:') === 0 && (newDoc.kind !== 'attachmentRemoval' || !newDoc.data || newDoc._id !== 'attachmentRemoval:' + newDoc.data.id)) refuse('附件删除记录的编号与内容不符');
    // an assessor removes only files of their own findings and veto entries: the record must name them
    if (newDoc._id.indexOf('attachmentRemoval:') === 0 && !has('coordinator') && newDoc.data.assessorId !== userCtx.name) refuse('考核人员只能删除自己评分记录（扣分问题、否决项）中的附件（data.assessorId 应为 ' + userCtx.name + '）');
    return;
  }
  if (has('_admin') || has('coordinator')) return;
  var id = newDoc._id;
  if (id.indexOf('_design/') === 0) refuse('只有协调人可以修改设计文档');
  var data = newDoc.data || {};
  var old = (oldDoc && oldDoc.data) || {};
  if (has('assessor') && id.indexOf('entry:') === 0) {
    if (newDoc.kind !== 'entry' && newDoc.kind !== 'removal') refuse('评分记录文档的类型不对');
    if (data.assessorId !== userCtx.name) refuse('考核人员只能写自己的评分记录');
    if (oldDoc && !oldDoc._deleted && old.assessorId !== userCtx.name) refuse('考核人员只能写自己的评分记录');
    if (id !== 'entry:' + data.id) refuse('文档编号与评分记录不符');
    return;
  }
  if (id.indexOf('self:') === 0) {
    if (newDoc.kind !== 'self' || id !== 'self:' + data.unitId) refuse('自评文档的编号与单位不符');
    if (has('unit:' + data.unitId)) return;
    refuse('单位只能写本单位的自评');
  }
  if (has('leadership') && roles.length === 1) refuse('领导账号只能查看');
  refuse('没有写入“' + id + '”的权限（评分规则、单位、考核人员和申诉只能由协调人修改）');
}`;

export function designDoc() {
  return { _id: DESIGN_DOC_ID, language: 'javascript', validate_doc_update: VALIDATE_DOC_UPDATE };
}

/**
 * Members may read (and write what the design document allows); coordinators administer the database.
 * Units are left out: they would read every unit's scores.
 */
export function securityObject() {
  return {
    admins: { names: [] as string[], roles: ['coordinator'] },
    members: { names: [] as string[], roles: ROLES.filter((r) => r !== 'unit') },
  };
}

/** A unit's database: read by that unit's logins and the coordinators only. */
export function unitSecurityObject(unitId: string) {
  return {
    admins: { names: [] as string[], roles: ['coordinator'] },
    members: { names: [] as string[], roles: ['coordinator', `unit:${unitId}`] },
  };
}

/**
 * The validation function of a unit's database, with the unit's id written in: its logins write only
 * the one self-assessment document of their unit, never delete it; everything else there is copied in
 * from the assessment's database by the coordinator's side (as server admin).
 */
export function unitValidateDocUpdate(unitId: string): string {
  return `function (newDoc, oldDoc, userCtx) {
  var UNIT = ${JSON.stringify(unitId)};
  var roles = userCtx.roles || [];
  function refuse(why) { throw({ forbidden: why }); }
  if (roles.indexOf('_admin') !== -1 || roles.indexOf('coordinator') !== -1) return;
  if (roles.indexOf('unit:' + UNIT) === -1) refuse('只有本单位的账号可以写入本单位的数据库');
  if (newDoc._id !== 'self:' + UNIT) refuse('单位只能写本单位的自评（没有写入“' + newDoc._id + '”的权限）');
  if (newDoc._deleted) refuse('自评不能删除，可以修改');
  var data = newDoc.data || {};
  if (newDoc.kind !== 'self' || data.unitId !== UNIT) refuse('自评文档的编号与单位不符');
  if (Object.prototype.toString.call(data.items) !== '[object Array]') refuse('自评文档缺少评分项 items');
}`;
}

export function unitDesignDoc(unitId: string) {
  return { _id: DESIGN_DOC_ID, language: 'javascript', validate_doc_update: unitValidateDocUpdate(unitId) };
}
