import type { MessageRenderer, RenderedMessage } from "./ports.ts";

/**
 * A renderer without translations: the message key and its params, e.g. "client.appointment.reminder
 * startsAt=2027-03-28T08:00:00.000Z place=Rathaus". For tests and until the i18n renderer is plugged in.
 */
export const stubRenderer: MessageRenderer = {
  render(message, recipient): RenderedMessage {
    const params = Object.entries(message.params).map(([key, value]) => `${key}=${value}`);
    return {
      text: [`[${recipient.language}]`, message.messageKey, ...params].join(" "),
      buttons: message.actions.length > 0 ? [message.actions.map((action) => ({ label: action.labelKey, data: action.data }))] : [],
    };
  },
};
