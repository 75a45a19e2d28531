/**
 * The alarm rules in force. Sources, first found wins: rules saved through the API, the JSON
 * file of ALARM_RULES_FILE (read by a loader main.ts injects), the defaults of config/alarm-rules.ts.
 * `reload()` and `set()` validate before swapping, so a bad edit never replaces good rules.
 */
import { z } from 'zod';
import { alarmRulesSchema, defaultAlarmRules, type AlarmRules } from '../../config/alarm-rules.js';
import { invalid } from '../core/errors.js';
import { validationDetails } from '../core/http.js';
import type { AlarmsStore } from './alarms.store.js';

export type RulesSource = 'api' | 'file' | 'defaults';

export class AlarmRulesProvider {
  private current: AlarmRules;
  private origin: RulesSource = 'defaults';
  private loadedAt = 0;

  constructor(
    private readonly store: AlarmsStore,
    /** Returns the parsed JSON of the rules file, or undefined when none is configured. */
    private readonly loadFile: () => unknown = () => undefined,
  ) {
    this.current = defaultAlarmRules();
    this.reload(0);
  }

  get(): AlarmRules {
    return this.current;
  }

  info(): { source: RulesSource; loadedAt: number } {
    return { source: this.origin, loadedAt: this.loadedAt };
  }

  /** Parse rules; throws `ALARM_RULES_INVALID` with a path per problem. */
  static parse(input: unknown): AlarmRules {
    const r = alarmRulesSchema.safeParse(input);
    if (!r.success)
      throw invalid('ALARM_RULES_INVALID', 'The alarm rules are invalid', validationDetails(r.error.issues));
    return r.data;
  }

  /** Re-read the sources and swap in the result. */
  reload(now: number): AlarmRules {
    const saved = this.store.savedRules();
    if (saved !== undefined) {
      this.current = AlarmRulesProvider.parse(z.json().parse(JSON.parse(saved)));
      this.origin = 'api';
    } else {
      const file = this.loadFile();
      this.current = file === undefined ? defaultAlarmRules() : AlarmRulesProvider.parse(file);
      this.origin = file === undefined ? 'defaults' : 'file';
    }
    this.loadedAt = now;
    return this.current;
  }

  /** Validate, persist and apply new rules. */
  set(input: unknown, by: string, now: number): AlarmRules {
    const rules = AlarmRulesProvider.parse(input);
    this.store.saveRules(JSON.stringify(input), by, now);
    this.current = rules;
    this.origin = 'api';
    this.loadedAt = now;
    return rules;
  }
}
