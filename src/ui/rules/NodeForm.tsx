/**
 * The form of the selected indicator: name, key and type, its points and how they are scored, the
 * rows of its check points or checklist items, weight, gate, not-applicable policy and per-object
 * kind. Every field writes into the draft at once; the validator's messages sit under the field.
 */
import { useEffect, useRef } from 'react';
import type { GroupNode, RuleNode, RuleSet } from '../../engine';
import { NOT_APPLICABLE_POLICIES } from '../../engine';
import { NODE_TYPES, nodeKeys, retype, setNodeField, type Edit, type NodePath } from '../../report/ruleDraft/outline';
import { childrenSum, issuesOfNode, type PlacedIssue } from '../../report/ruleDraft/issues';
import { useI18n } from '../useT';
import { issuesFor, Messages, NumField, SelectField, TextField, TriField } from './fields';
import { listIssues, RowsTable } from './RowsTable';
import { TYPE_LABEL } from './TypeChip';

export interface NodeFormProps {
  ruleSet: RuleSet;
  path: NodePath;
  node: RuleNode;
  issues: readonly PlacedIssue[];
  onEdit(edit: Edit, mergeKey?: string): void;
  /** bumped to ask for the focus in the name box (after adding a node, or F2) */
  focusName: number;
  /** Enter in the name box: back to the outline */
  onDone(): void;
}

export function NodeForm({ ruleSet, path, node, issues, onEdit, focusName, onDone }: NodeFormProps) {
  const { t, num } = useI18n();
  const own = issuesOfNode(issues, path);
  const nameBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusName === 0) return;
    const input = nameBox.current?.querySelector('input');
    input?.focus();
    input?.select();
  }, [focusName]);
  const id = path.length === 0 ? 'root' : path.join('.');
  const set = (field: string) => (value: unknown, mergeKey?: string) => {
    const e = setNodeField(ruleSet, path, field, value);
    if (e) onEdit(e, mergeKey && `${id}:${mergeKey}`);
  };
  const f = (field: string) => issuesFor(own, field);
  const general = own.filter((i) => !['key', 'name', 'type', 'max', 'step', 'perFinding', 'floor', 'cap', 'weight', 'gate', 'source', 'note', 'measure', 'mode', 'fullAt', 'zeroAt', 'notApplicable', 'perObject', 'checkpoints', 'items', 'steps'].some((k) => i.place.field === k || i.place.field.startsWith(`${k}.`)));
  const keys = nodeKeys(ruleSet).filter((k) => k !== node.key);
  const n = node as RuleNode & Record<string, unknown>;

  return (
    <div className="node-form" data-testid="node-form" data-key={node.key}>
      <div className="form-title">
        <h3>{node.name || t('rules.unnamed')}</h3>
        <span className="muted">{path.length === 0 ? t('rules.rootLevel') : t('rules.levelN', { n: path.length })}</span>
      </div>
      <Messages issues={general} testId="node-general" />
      <div
        ref={nameBox}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === 'Escape') {
            e.preventDefault();
            onDone();
          }
        }}
      >
        <TextField label={t('rules.f.name')} value={node.name} onEdit={set('name')} issues={f('name')} testId="node-name" wide />
      </div>
      <div className="form-grid">
        <TextField label={t('rules.f.key')} value={node.key} onEdit={set('key')} issues={f('key')} testId="node-key" hint={t('rules.h.key')} />
        <SelectField
          label={t('rules.f.type')}
          value={node.type}
          options={NODE_TYPES.filter((ty) => path.length > 0 || ty === 'group').map((ty) => ({ value: ty, label: t(TYPE_LABEL[ty]) }))}
          onEdit={(v) => {
            const e = retype(ruleSet, path, v as RuleNode['type']);
            if (e) onEdit(e);
          }}
          issues={f('type')}
          testId="node-type"
          hint={t(`rules.typeHint.${node.type}`)}
        />
      </div>

      <fieldset className="form-section">
        <legend>{t('rules.s.points')}</legend>
        <div className="form-grid">
          {(node.type === 'points' || node.type === 'deduction' || node.type === 'ratio' || node.type === 'bonus') && (
            <NumField label={t('rules.f.max')} value={node.max} onEdit={set('max')} issues={f('max')} testId="node-max" suffix={t('rules.unitPoints')} />
          )}
          {node.type === 'group' && (
            <NumField
              label={t('rules.f.groupMax')}
              value={node.max}
              optional
              onEdit={set('max')}
              issues={f('max')}
              testId="node-max"
              suffix={t('rules.unitPoints')}
              hint={t('rules.h.groupMax', { sum: num(childrenSum(node)) })}
            />
          )}
          {(node.type === 'points' || node.type === 'bonus') && (
            <NumField label={t('rules.f.step')} value={node.step} optional onEdit={set('step')} issues={f('step')} testId="node-step" hint={t('rules.h.step')} />
          )}
          {(node.type === 'deduction' || node.type === 'penalty') && (
            <NumField label={t('rules.f.perFinding')} value={node.perFinding} optional onEdit={set('perFinding')} issues={f('perFinding')} testId="node-perFinding" suffix={t('rules.unitPoints')} hint={t('rules.h.perFinding')} />
          )}
          {node.type === 'penalty' && (
            <>
              <SelectField
                label={t('rules.f.capKind')}
                value={node.cap === null ? 'none' : 'capped'}
                options={[
                  { value: 'capped', label: t('rules.capCapped') },
                  { value: 'none', label: t('rules.uncapped') },
                ]}
                onEdit={(v) => set('cap')(v === 'none' ? null : 10)}
                testId="node-capKind"
              />
              {node.cap !== null && <NumField label={t('rules.f.cap')} value={node.cap} onEdit={set('cap')} issues={f('cap')} testId="node-cap" suffix={t('rules.unitPoints')} />}
            </>
          )}
          {(node.type === 'deduction' || node.type === 'group') && (
            <TriField label={t('rules.f.floor')} value={node.floor} onEdit={set('floor')} issues={f('floor')} testId="node-floor" defaultLabel={t('rules.floorDefault')} />
          )}
          {node.type === 'checklist' && <p className="muted">{t('rules.checklistPoints', { n: num(node.items.reduce((s, it) => s + (typeof it.points === 'number' ? it.points : 0), 0)) })}</p>}
        </div>
        {node.type === 'ratio' && (
          <div className="form-grid">
            <TextField label={t('rules.f.measure')} value={node.measure} optional onEdit={set('measure')} issues={f('measure')} testId="node-measure" />
            <SelectField
              label={t('rules.f.mode')}
              value={node.mode}
              options={[
                { value: 'linear', label: t('rules.mode.linear') },
                { value: 'stepped', label: t('rules.mode.stepped') },
              ]}
              onEdit={set('mode')}
              issues={f('mode')}
              testId="node-mode"
            />
            {node.mode === 'linear' && (
              <>
                <NumField label={t('rules.f.fullAt')} value={node.fullAt} optional onEdit={set('fullAt')} issues={f('fullAt')} testId="node-fullAt" suffix="%" />
                <NumField label={t('rules.f.zeroAt')} value={node.zeroAt} optional onEdit={set('zeroAt')} issues={f('zeroAt')} testId="node-zeroAt" suffix="%" />
              </>
            )}
          </div>
        )}
        {node.type === 'ratio' && node.mode === 'stepped' && (
          <RowsTable
            testId="node-steps"
            addLabel={t('rules.addStep')}
            rows={node.steps ?? []}
            columns={[
              { field: 'atLeast', label: t('rules.f.stepAtLeast'), kind: 'number' },
              { field: 'score', label: t('rules.f.stepScore'), kind: 'number' },
            ]}
            issues={listIssues(own, 'steps')}
            newRow={() => ({ atLeast: 0, score: 0 })}
            onChange={(rows, mk) => set('steps')(rows.length === 0 ? undefined : rows, mk)}
          />
        )}
        {(node.type === 'deduction' || node.type === 'penalty') && (
          <>
            <h4>{t('rules.checkpoints')}</h4>
            <RowsTable
              testId="node-checkpoints"
              addLabel={t('rules.addCheckpoint')}
              rows={node.checkpoints ?? []}
              columns={[
                { field: 'name', label: t('rules.f.cpName'), kind: 'text' },
                { field: 'deduction', label: t('rules.f.cpDeduction'), kind: 'number', width: '7em' },
                { field: 'key', label: t('rules.f.key'), kind: 'text', width: '9em' },
                { field: 'source', label: t('rules.f.source'), kind: 'text', optional: true, width: '9em' },
              ]}
              issues={listIssues(own, 'checkpoints')}
              newRow={() => ({ key: freshRowKey(node.checkpoints ?? [], 'cp'), name: '', deduction: 1 })}
              onChange={(rows, mk) => set('checkpoints')(rows.length === 0 ? undefined : rows, mk)}
            />
          </>
        )}
        {node.type === 'checklist' && (
          <>
            <h4>{t('rules.items')}</h4>
            <RowsTable
              testId="node-items"
              addLabel={t('rules.addItem')}
              rows={node.items}
              columns={[
                { field: 'name', label: t('rules.f.itemName'), kind: 'text' },
                { field: 'points', label: t('rules.f.itemPoints'), kind: 'number', width: '7em' },
                { field: 'key', label: t('rules.f.key'), kind: 'text', width: '9em' },
                { field: 'source', label: t('rules.f.source'), kind: 'text', optional: true, width: '9em' },
              ]}
              issues={listIssues(own, 'items')}
              newRow={() => ({ key: freshRowKey(node.items, 'item'), name: '', points: 1 })}
              onChange={(rows, mk) => set('items')(rows, mk)}
            />
          </>
        )}
      </fieldset>

      {node.type === 'group' && <GroupSettings node={node} set={set} f={f} />}

      {path.length > 0 && (
        <fieldset className="form-section">
          <legend>{t('rules.s.weightGate')}</legend>
          <div className="form-grid">
            <NumField label={t('rules.f.weight')} value={node.weight} optional onEdit={set('weight')} issues={f('weight')} testId="node-weight" hint={t('rules.h.weight')} />
            <SelectField
              label={t('rules.f.gateNode')}
              value={node.gate?.node}
              options={[{ value: '', label: t('rules.gateNone') }, ...keys.map((k) => ({ value: k, label: k }))]}
              onEdit={(v) => set('gate')(v === undefined ? undefined : { ...(node.gate ?? { above: 80 }), node: v })}
              issues={f('gate')}
              testId="node-gate"
            />
            {node.gate && (
              <>
                <SelectField
                  label={t('rules.f.gateKind')}
                  value={node.gate.above !== undefined ? 'above' : 'atLeast'}
                  options={[
                    { value: 'above', label: t('rules.gate.above') },
                    { value: 'atLeast', label: t('rules.gate.atLeast') },
                  ]}
                  onEdit={(v) => {
                    const value = node.gate!.above ?? node.gate!.atLeast ?? 0;
                    set('gate')({ node: node.gate!.node, [v as string]: value });
                  }}
                  testId="node-gateKind"
                />
                <NumField
                  label={t('rules.f.gateValue')}
                  value={node.gate.above ?? node.gate.atLeast}
                  onEdit={(v) => set('gate')({ node: node.gate!.node, [node.gate!.above !== undefined ? 'above' : 'atLeast']: v })}
                  testId="node-gateValue"
                  suffix={t('rules.unitPoints')}
                />
              </>
            )}
          </div>
        </fieldset>
      )}

      <fieldset className="form-section">
        <legend>{t('rules.s.about')}</legend>
        <TextField label={t('rules.f.source')} value={node.source} optional onEdit={set('source')} issues={f('source')} testId="node-source" hint={t('rules.h.source')} wide />
        <TextField label={t('rules.f.note')} value={n.note as string | undefined} optional multiline onEdit={set('note')} issues={f('note')} testId="node-note" wide />
      </fieldset>
      <details className="raw-json">
        <summary>{t('rules.rawJson')}</summary>
        <pre data-testid="node-json">{JSON.stringify(node.type === 'group' ? { ...node, children: `… ${node.children.length}` } : node, null, 2)}</pre>
      </details>
    </div>
  );
}

function GroupSettings({ node, set, f }: { node: GroupNode; set: (field: string) => (v: unknown, mk?: string) => void; f: (field: string) => PlacedIssue[] }) {
  const { t } = useI18n();
  return (
    <fieldset className="form-section">
      <legend>{t('rules.s.group')}</legend>
      <div className="form-grid">
        <SelectField
          label={t('rules.f.notApplicable')}
          value={node.notApplicable}
          options={[{ value: '', label: t('rules.na.default') }, ...NOT_APPLICABLE_POLICIES.map((p) => ({ value: p, label: t(`rules.na.${p}`) }))]}
          onEdit={set('notApplicable')}
          issues={f('notApplicable')}
          testId="node-notApplicable"
        />
        <SelectField
          label={t('rules.f.perObject')}
          value={node.perObject?.aggregate}
          options={[
            { value: '', label: t('rules.perObject.none') },
            { value: 'mean', label: t('rules.perObject.mean') },
            { value: 'min', label: t('rules.perObject.min') },
            { value: 'max', label: t('rules.perObject.max') },
          ]}
          onEdit={(v) => set('perObject')(v === undefined ? undefined : { kind: node.perObject?.kind ?? 'website', aggregate: v })}
          issues={f('perObject')}
          testId="node-perObject"
        />
        {node.perObject && (
          <TextField
            label={t('rules.f.objectKind')}
            value={node.perObject.kind}
            onEdit={(v, mk) => set('perObject')({ ...node.perObject!, kind: v ?? '' }, mk)}
            issues={f('perObject.kind')}
            testId="node-objectKind"
            hint={t('rules.h.objectKind')}
          />
        )}
      </div>
    </fieldset>
  );
}

function freshRowKey(rows: readonly { key?: unknown }[], prefix: string): string {
  const used = new Set(rows.map((r) => r.key));
  for (let i = 1; ; i++) if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`;
}
