import type { EventConsumer } from './context';
import { ledgerEventPattern } from './impact/projections';
import { seatMailEventPattern } from './volunteering/mail-events';

export type { EventConsumer } from './context';

export const eventConsumers: readonly EventConsumer[] = [
  {
    name: 'need-evidence',
    entry: 'functions/surveys/need-evidence-consumer.ts',
    eventPattern: {
      source: ['civic.surveys', 'civic.needs'],
      'detail-type': ['SurveyResponseSubmitted', 'NeedDefined'],
    },
    tableAccess: 'readWrite',
  },
  {
    name: 'activity-ledger',
    entry: 'functions/impact/ledger-consumer.ts',
    // Exactly the events the ledger projects (functions/impact/ledger.ts), so a new projection
    // is routed here without a second list to keep in step.
    eventPattern: ledgerEventPattern(),
    tableAccess: 'readWrite',
  },
  {
    name: 'volunteer-mail',
    entry: 'functions/volunteering/mail-consumer.ts',
    // Sign-ups and promotions to a seat: each gets a confirmation with a calendar invite.
    eventPattern: seatMailEventPattern(),
    tableAccess: 'readWrite',
    mails: true,
  },
];
