import { describe, expect, it } from 'vitest';
import { answerErrors, definitionErrors, type Question, question } from '../../functions/surveys/questions';

const options = (...ids: string[]) => ids.map((id) => ({ id, label: { en: id } }));

const questions: Question[] = [
  {
    type: 'single-choice',
    id: 'uses-park',
    title: { en: 'Do you use the park?' },
    options: options('yes', 'no'),
  },
  {
    type: 'multi-choice',
    id: 'activities',
    title: { en: 'What do you do there?' },
    options: options('walk', 'play', 'sport', 'picnic'),
    minSelections: 1,
    maxSelections: 2,
    showIf: { questionId: 'uses-park', anyOf: ['yes'] },
  },
  { type: 'likert', id: 'safety', title: { en: 'How safe does it feel?' }, points: 5, required: true },
  { type: 'number', id: 'visits', title: { en: 'Visits per month' }, min: 0, max: 31, integer: true },
  { type: 'text', id: 'ideas', title: { en: 'Ideas' }, long: true, maxLength: 20 },
  {
    type: 'ranking',
    id: 'priorities',
    title: { en: 'Rank' },
    options: options('lights', 'benches', 'toilets'),
  },
  {
    type: 'location',
    id: 'home',
    title: { en: 'Where do you live?' },
    boundingBox: [-1, 50, 1, 52],
    neighbourhoods: ['north', 'south'],
  },
].map((q) => question.parse(q));

const valid = {
  'uses-park': 'yes',
  activities: ['walk'],
  safety: 4,
  visits: 3,
  ideas: 'More trees',
  priorities: ['toilets', 'lights', 'benches'],
  home: { lat: 51, lon: 0 },
};

describe('survey answers', () => {
  it('accepts a complete, valid set of answers', () => {
    expect(answerErrors(questions, valid)).toEqual([]);
  });

  it('accepts a neighbourhood instead of a point', () => {
    expect(answerErrors(questions, { ...valid, home: { neighbourhood: 'north' } })).toEqual([]);
  });

  it.each([
    ['an unknown option', { 'uses-park': 'maybe', activities: undefined }, 'uses-park'],
    ['too many selections', { activities: ['walk', 'play', 'sport'] }, 'activities'],
    ['a repeated selection', { activities: ['walk', 'walk'] }, 'activities'],
    ['a Likert value off the scale', { safety: 6 }, 'safety'],
    ['a fractional count', { visits: 2.5 }, 'visits'],
    ['a number out of range', { visits: 40 }, 'visits'],
    ['text over the limit', { ideas: 'x'.repeat(21) }, 'ideas'],
    ['an incomplete ranking', { priorities: ['lights', 'benches'] }, 'priorities'],
    ['a point outside the area', { home: { lat: 10, lon: 0 } }, 'home'],
    ['an unlisted neighbourhood', { home: { neighbourhood: 'east' } }, 'home'],
    ['a question the survey does not have', { colour: 'blue' }, 'colour'],
  ])('names the question for %s', (_label, change, questionId) => {
    expect(answerErrors(questions, { ...valid, ...change })).toEqual([
      { path: `body.answers.${questionId}`, message: expect.any(String) },
    ]);
  });

  it('refuses a missing required answer', () => {
    const { safety: _omitted, ...rest } = valid;
    expect(answerErrors(questions, rest)).toEqual([
      { path: 'body.answers.safety', message: 'This question needs an answer.' },
    ]);
  });

  it('refuses an answer to a question hidden by skip logic, and does not require hidden answers', () => {
    expect(answerErrors(questions, { ...valid, 'uses-park': 'no' })).toEqual([
      { path: 'body.answers.activities', message: expect.stringContaining('hidden') },
    ]);
    const { activities: _hidden, ...rest } = valid;
    expect(answerErrors(questions, { ...rest, 'uses-park': 'no' })).toEqual([]);
  });
});

describe('survey definitions', () => {
  it('finds nothing wrong with a sound version', () => {
    expect(definitionErrors(questions)).toEqual([]);
  });

  it('refuses duplicate ids, skip logic that looks ahead or at a non-choice question, and unknown options', () => {
    const broken = [
      { type: 'text', id: 'a', title: { en: 'A' }, showIf: { questionId: 'b', anyOf: ['x'] } },
      { type: 'single-choice', id: 'b', title: { en: 'B' }, options: options('x', 'y') },
      { type: 'text', id: 'b', title: { en: 'B again' } },
      { type: 'text', id: 'c', title: { en: 'C' }, showIf: { questionId: 'b', anyOf: ['z'] } },
      {
        type: 'multi-choice',
        id: 'd',
        title: { en: 'D' },
        options: options('x', 'y'),
        minSelections: 2,
        maxSelections: 1,
      },
    ].map((q) => question.parse(q));
    expect(definitionErrors(broken).map((e) => e.path)).toEqual([
      'body.questions.0.showIf.questionId',
      'body.questions.2.id',
      'body.questions.3.showIf.questionId',
      'body.questions.4.maxSelections',
    ]);
  });
});
