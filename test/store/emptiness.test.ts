import { describe, expect, it } from 'vitest';
import { loadBundleAsNewAssessment } from '../../src/store/assessments';
import { confirmNoAssessments, InconsistentReadError } from '../../src/store/emptiness';
import { makeBundle } from '../fixtures/bundles';
import { freshDb } from './testDb';

describe('an empty list of assessments', () => {
  it('counts as an empty database only when no sheets are stored either', async () => {
    const db = freshDb();
    await expect(confirmNoAssessments(db)).resolves.toBeUndefined();
  });

  it('beside stored units and entries is a failed read, never "no assessment yet"', async () => {
    const db = freshDb();
    await loadBundleAsNewAssessment(db, makeBundle());
    // the assessments store reads as empty (as a failing disk made it) while the sheets are there
    await db.assessments.clear();
    await expect(confirmNoAssessments(db)).rejects.toBeInstanceOf(InconsistentReadError);
  });
});
