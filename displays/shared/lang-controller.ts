/** Re-renders its host when the console language changes (`setLang`). */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onLangChange } from './i18n.js';

export class LangController implements ReactiveController {
  private _off: (() => void) | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this._off = onLangChange(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this._off?.();
    this._off = undefined;
  }
}
