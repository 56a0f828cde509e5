/**
 * Every stylesheet the app's first stylesheet has always held, in the order it held them. Pages and
 * panels loaded after the first draw keep their code apart, but not their rules: a rule loaded later
 * would win over an equal selector it used to lose to, and pages would shift by a few pixels.
 */
import './stage/stage.css';
import './sync/sync.css';
import './audit/audit.css';
import './setup/setupYear.css';
import './setup/impact.css';
import './exchange/openBundle.css';
import './selfAssessment/self.css';
import './exchange/exchange.css';
import './dashboard/dashboard.css';
import './present/present.css';
import './setup/ruleTable.css';
import './evidence/evidence.css';
import './styles.css';
