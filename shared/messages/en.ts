/**
 * The reference catalogue: every text Civic itself writes for residents, in English. Every other
 * shipped language has exactly these keys (`Messages`, checked by the compiler and by
 * test/unit/messages.test.ts). Keys are grouped by where they are used: `field.*` (field
 * messages of a refused form), `page.*` (HTML pages the API serves), `mail.*` (mails).
 * A text that needs values is a function of one object, so each value is named at the call.
 * City-provided content (titles, descriptions) never comes from here.
 */

/** The field a message is about: its label, article or possessive included ("your email address"). */
type Field = { label: string };
/** What a confirmation is about, in words ("your support for an idea in “Park renewal”"). */
type What = { what: string };
type ClaimKind = { kind: 'sign-up' | 'enrolment' };
/** What a volunteer's seat is on. */
type Seat = { kind: 'shift' | 'training' };

const capitalize = (sentence: string) => sentence.charAt(0).toUpperCase() + sentence.slice(1);

export const en = {
  /** How dates and times are written for this language (`Intl` locale). */
  dateLocale: 'en-GB',
  field: {
    /** Field name → label. Keys are the names schemas use, wherever they appear in a path. */

    labels: {
      email: 'your email address',
      name: 'your name',
      participant: 'your contact details',
      respondent: 'your details',
      phone: 'your phone number',
      consentToContact: 'your consent to be contacted',
      consent: 'your consent',
      confirmsMinimumAge: 'the age confirmation',
      ageBand: 'your age group',
      answers: 'your answers',
      comment: 'your comment',
      rating: 'your rating',
      about: 'what you are rating',
      title: 'the title',
      body: 'the main text',
      summary: 'the summary',
      description: 'the description',
      kind: 'the type',
      type: 'the type',
      category: 'the category',
      parentId: 'the comment you are replying to',
      neighbourhood: 'the neighbourhood',
      neighbourhoods: 'the neighbourhoods',
      location: 'the location',
      lat: 'the latitude',
      lon: 'the longitude',
      address: 'the address',
      website: 'the website',
      openingHours: 'the opening hours',
      accessibilityNotes: 'the accessibility notes',
      skills: 'the skills',
      date: 'the date',
      startsAt: 'the start time',
      endsAt: 'the end time',
      startsOn: 'the start date',
      endsOn: 'the end date',
      startDate: 'the start date',
      endDate: 'the end date',
      opensAt: 'the opening date',
      closesAt: 'the closing date',
      timeZone: 'the time zone',
      capacity: 'the number of places',
      minimumAge: 'the minimum age',
      token: 'the link you followed',
      language: 'the language',
      lang: 'the language',
      note: 'the note',
      reason: 'the reason',
      status: 'the status',
      severity: 'the severity',
      value: 'the value',
      target: 'the target',
      baseline: 'the baseline',
      period: 'the period',
      frequency: 'how often',
      limit: 'the number of results',
      cursor: 'the page link',
      initiativeId: 'the initiative',
      initiativeIds: 'the initiatives',
      engagementId: 'the consultation',
      contributionId: 'the contribution',
      surveyId: 'the survey',
      questionId: 'the question',
      optionIds: 'the options',
      organizationId: 'the organisation',
      organizationIds: 'the organisations',
      shiftId: 'the shift',
      opportunityId: 'the opportunity',
      sessionId: 'the session',
    },
    /** Labels for the children of a field, whatever their key (`answers.<questionId>`). */
    childLabels: { answers: 'your answer to this question', about: 'what you are rating' },
    /** When a field has no label of its own. */
    anyField: 'this field',
    fillIn: 'Please fill in this field.',
    required: ({ label }: Field) => `Please enter ${label}.`,
    choose: ({ label }: Field) => `Please choose ${label}.`,
    fillInGroup: ({ label }: Field) => `Please fill in ${label}.`,
    asText: ({ label }: Field) => `Please enter ${label} as text.`,
    asNumber: ({ label }: Field) => `Please enter ${label} as a number.`,
    asWholeNumber: ({ label }: Field) => `Please enter ${label} as a whole number.`,
    yesOrNo: ({ label }: Field) => `Please choose yes or no for ${label}.`,
    asList: ({ label }: Field) => `Please give ${label} as a list.`,
    asDate: ({ label }: Field) => `Please enter ${label} as a date.`,
    atLeastCharacters: ({ label, n, exact }: Field & { n: string; exact: boolean }) =>
      `Please enter ${exact ? 'exactly' : 'at least'} ${n} characters for ${label}.`,
    atMostCharacters: ({ label, n, exact }: Field & { n: string; exact: boolean }) =>
      exact
        ? `Please enter exactly ${n} characters for ${label}.`
        : `Please shorten ${label} to ${n} characters or fewer.`,
    atLeastNumber: ({ label, n, inclusive }: Field & { n: string; inclusive: boolean }) =>
      capitalize(`${label} must be ${inclusive ? `${n} or more` : `more than ${n}`}.`),
    atMostNumber: ({ label, n, inclusive }: Field & { n: string; inclusive: boolean }) =>
      capitalize(`${label} must be ${inclusive ? `${n} or less` : `less than ${n}`}.`),
    atLeastItems: ({ label, n, formatted }: Field & { n: number; formatted: string }) =>
      `Please give at least ${n === 1 ? 'one item' : `${formatted} items`} for ${label}.`,
    atMostItems: ({ label, n, formatted }: Field & { n: number; formatted: string }) =>
      `Please give no more than ${n === 1 ? 'one item' : `${formatted} items`} for ${label}.`,
    notBefore: ({ label, date }: Field & { date: string }) =>
      capitalize(`${label} must be on or after ${date}.`),
    notAfter: ({ label, date }: Field & { date: string }) =>
      capitalize(`${label} must be on or before ${date}.`),
    email: ({ label }: Field) => `Please check ${label}: it should look like name@example.org.`,
    url: ({ label }: Field) => `Please check ${label}: it should be a web address starting with https://.`,
    date: ({ label }: Field) => `Please enter ${label} as a date, such as 2026-05-31.`,
    datetime: ({ label }: Field) =>
      `Please enter ${label} as a date and time, such as 2026-05-31T18:00:00+02:00.`,
    time: ({ label }: Field) => `Please enter ${label} as a time, such as 18:30.`,
    format: ({ label }: Field) => `Please check ${label}: it is not in the expected format.`,
    tickBox: ({ label }: Field) => `Please tick the box for ${label}.`,
    oneOfTheOptions: ({ label }: Field) => `Please choose one of the options offered for ${label}.`,
    multipleOf: ({ label, divisor }: Field & { divisor: string }) =>
      capitalize(`${label} must be a multiple of ${divisor}.`),
    unexpectedFields: ({ keys }: { keys: string }) =>
      `Please leave out the fields this form does not use: ${keys}.`,
    check: ({ label }: Field) => `Please check ${label}.`,
    /** A form's `_redirect` names a page outside the city's allow-list (a fault of the form, not the reader). */
    thankYouPageNotAllowed: 'This thank-you page is not on the city’s allow-list.',
    reasons: {
      controlCharacters: ({ label }: Field) =>
        `Please remove the invisible or control characters from ${label}.`,
      lineBreak: ({ label }: Field) => `Please write ${label} on one line.`,
    },
  },
  page: {
    formError: {
      title: 'Some fields need fixing',
      detail: ({ count }: { count: number }) =>
        `${count} field${count === 1 ? '' : 's'} did not pass validation.`,
      checkTheForm: 'please check the form',
      nothingSaved: 'Nothing was saved.',
      backToForm: 'Go back to the form',
      useBackButton: 'Use your browser’s back button to return to the form.',
    },
    thankYou: {
      title: 'Thank you',
      received: 'Your submission has been received.',
      voteCounted: 'Thank you: your support is counted.',
    },
    checkYourEmail: {
      title: 'Check your email',
      message: 'Thank you. We have sent an email to the address you gave: follow its link to confirm.',
    },
    confirmation: {
      alreadyTitle: 'Already confirmed',
      already: ({ what }: What) => `${capitalize(what)} is confirmed. Thank you.`,
      expiredTitle: 'This link has expired',
      expired: ({ what }: What) =>
        `The link for ${what} was not confirmed in time, so it no longer counts. Take part again to get a new link.`,
      pendingTitle: 'Please confirm',
      pending: ({ what }: What) => `Confirm ${what}.`,
      worksUntil: ({ until }: { until: string }) => `This link works until ${until}.`,
      button: 'Confirm',
      confirmedTitle: 'Confirmed',
      confirmedHeading: 'Thank you',
      confirmed: ({ what }: What) => `${capitalize(what)} is confirmed.`,
    },
    claim: {
      title: ({ kind }: ClaimKind) => `Your ${kind}`,
      waitlistPosition: ({ position }: { position: number }) =>
        `You are number ${position} on the waiting list.`,
      status: ({ status }: { status: string }) => `Status: ${status}.`,
      /** Claim statuses as residents read them (`claimStatuses` in functions/volunteering/schemas.ts). */
      statuses: {
        held: 'held',
        confirmed: 'confirmed',
        waitlisted: 'waitlisted',
        cancelled: 'cancelled',
        expired: 'expired',
        'no-show': 'no-show',
        completed: 'completed',
      },
      cancel: ({ kind }: ClaimKind) => `Cancel my ${kind}`,
      received: ({ kind }: ClaimKind) => `Your ${kind} is received.`,
      full: ({ position }: { position: number }) =>
        `It is full for now: you are number ${position} on the waiting list.`,
      placeConfirmed: 'Your place is confirmed.',
    },
    /** Public meetings (functions/meetings/pages.ts): a registration's answer and its own page. */
    meeting: {
      registeredTitle: 'You are registered',
      registered: 'Your place is confirmed. An email with a calendar invite is on its way.',
      waitlistedTitle: 'You are on the waitlist',
      waitlisted: ({ position }: { position: number }) =>
        `The meeting is full: you are number ${position} on its waitlist. We will email you if a place frees up.`,
      registrationTitle: 'Your registration',
      status: ({ status }: { status: string }) => `Your registration is ${status}.`,
      waitlistPosition: ({ position }: { position: number }) =>
        `Your registration is on the waitlist: you are number ${position}.`,
      /** Registration statuses as residents read them (`registrationStatuses` in functions/meetings/schemas.ts). */
      statuses: {
        held: 'held for you, awaiting confirmation',
        confirmed: 'confirmed',
        waitlisted: 'on the waitlist',
        cancelled: 'cancelled',
        expired: 'expired',
      },
      cancel: 'Cancel my place',
    },
    /** The page the evaluation digest's unsubscribe link opens. */
    unsubscribe: {
      title: 'Unsubscribe from the evaluation digest',
      heading: 'Unsubscribe from the evaluation digest?',
      frequencies: { weekly: 'weekly', monthly: 'monthly' },
      receives: ({ frequency }: { frequency: string }) =>
        `This address receives Civic’s ${frequency} evaluation digest.`,
      button: 'Unsubscribe',
      doneTitle: 'Unsubscribed',
      doneHeading: 'You are unsubscribed',
      done: 'This address no longer receives this digest.',
    },
    /** The page a petition answer's unsubscribe link opens (functions/petitions/answer-mail-pages.ts). */
    petitionUnsubscribe: {
      title: 'Stop mail about a petition',
      heading: 'Stop mail about this petition?',
      about: ({ title }: { title: string }) =>
        `When you signed the petition “${title}”, you asked to hear the city’s answer by email.`,
      effect:
        'If you stop it, the city sends you nothing more about this petition and forgets your name and email address for it. Your signature still counts.',
      button: 'Stop mail and forget my address',
      doneTitle: 'Mail stopped',
      doneHeading: 'Done',
      done: 'The city sends you nothing more about this petition and has forgotten your name and email address for it. Your signature still counts.',
    },
  },
  mail: {
    confirmation: {
      greeting: ({ name }: { name: string | undefined }) => (name ? `Hello ${name},` : 'Hello,'),
      why: 'You are receiving this email because someone entered this address on a form of the city. If it was not you, ignore this email: nothing counts unless the link is followed and confirmed.',
      linkUntil: ({ until }: { until: string }) => `The link works until ${until}.`,
      deadline: ({ when, timeZone }: { when: string; timeZone: string }) => `${when} (${timeZone})`,
    },
    vote: {
      /** The thing supported, with its article. */
      kinds: { idea: 'an idea', comment: 'a comment', proposal: 'a proposal' },
      what: ({ thing, title }: { thing: string; title: string }) => `your support for ${thing} in “${title}”`,
      subject: 'Please confirm your vote',
      ask: ({ what }: What) => `Thank you for taking part. Please confirm ${what}: it counts once you do.`,
      latestOnly: 'If you asked more than once, only the link in the latest email works.',
      action: 'Confirm my vote',
      alreadySubject: 'Your vote already counts',
      already: ({ what }: What) =>
        `Someone, perhaps you, asked again to record ${what} with this address. It was already counted, so nothing has changed and there is nothing to do.`,
    },
    petition: {
      /** What a signature's link confirms. */
      signature: ({ title }: { title: string }) => `your signature on the petition “${title}”`,
      /** What the creator's link confirms. */
      creation: ({ title }: { title: string }) => `your petition “${title}”`,
      subject: 'Please confirm your signature',
      ask: ({ what }: What) => `Thank you. Please confirm ${what}: it counts once you do.`,
      latestOnly: 'If you signed more than once, only the link in the latest email works.',
      action: 'Confirm my signature',
      creatorSubject: 'Please confirm your petition',
      creatorAsk: ({ what }: What) =>
        `Thank you for starting ${what}. Please confirm your email address: the petition is created, with your signature as its first, once you do.`,
      creatorAction: 'Confirm my petition',
      alreadySubject: 'You have already signed this petition',
      already: ({ what }: What) =>
        `Someone, perhaps you, asked again to record ${what} with this address. It already counts, so nothing has changed and there is nothing to do: each person signs once.`,
      sponsorsSubject: 'Your petition needs supporters',
      sponsors: ({ title, count }: { title: string; count: number }) =>
        `Your petition “${title}” is created. Before the city checks and publishes it, ${count} ${count === 1 ? 'person' : 'people'} must support it: send them the link below and ask them to sign and confirm.`,
      sponsorsAction: 'Your petition’s page',
      awaitingModeration: ({ title }: { title: string }) =>
        `Your petition “${title}” is created and now waits for the city to check and publish it. We will let you know.`,
    },
    /** The city's answer, mailed once to each signer who asked for it (functions/petitions/answer-mail-message.ts). */
    petitionAnswer: {
      subject: 'The city has answered a petition you signed',
      answered: ({ title }: { title: string }) =>
        `The city has answered the petition “${title}” that you signed.`,
      /** Outcomes as residents read them (`responseOutcomes` in events/petitions.ts). */
      outcomes: {
        accepted: 'The city accepts what the petition asks.',
        'partly-accepted': 'The city accepts part of what the petition asks.',
        rejected: 'The city does not accept what the petition asks.',
        'referred-to-debate': 'The city will debate the petition.',
      },
      answerHeading: 'The city’s answer',
      readMore: 'The full answer or decision',
      petitionPage: 'The petition’s page',
      why: 'You receive this email once, because when you signed you asked to hear the city’s answer. The city sends you nothing more about this petition.',
      unsubscribe: 'Forget my name and address for this petition',
    },
    response: {
      what: ({ title }: { title: string }) => `your response to the survey “${title}”`,
      subject: 'Please confirm your survey response',
      ask: ({ what }: What) => `Thank you for taking part. Please confirm ${what}: it counts once you do.`,
      latestOnly:
        'If you answered more than once, only the link in the latest email works, and only the answers sent with it count.',
      action: 'Confirm my response',
      alreadySubject: 'Your survey response already counts',
      already: ({ what }: What) =>
        `Someone, perhaps you, answered again with this address. ${capitalize(what)} was already counted, so nothing has changed and there is nothing to do: each person answers once.`,
    },
    privacy: {
      purposes: {
        contact: 'being contacted about what you wrote or signed up for',
        demographics: 'sharing your neighbourhood and age band for the inclusion figures',
      },
      anyPurpose: 'a purpose',
      exportRequest: 'your request for a copy of everything the city holds about this address',
      eraseRequest: 'your request to erase everything the city holds about this address',
      withdrawRequest: ({ purpose }: { purpose: string }) => `your withdrawal of consent to ${purpose}`,
      subject: 'Please confirm your privacy request',
      received: ({ what }: What) => `We received ${what}. Please confirm it: nothing happens until you do.`,
      eraseWarning:
        'Erasing cannot be undone: your contact details and what you wrote are removed, while your votes, sign-ups and hours stay in the city’s counts without anything that links them to you.',
      action: 'Confirm my request',
      exportSubject: 'Your data export is ready',
      exportReady:
        'Here is everything the city holds about this address, as you asked. The links work for 72 hours; anyone with them can open the file, so do not forward this email.',
      noRecords: 'The city holds no records about this address.',
      spreadsheets: ({ links }: { links: string }) =>
        `The same records as spreadsheets (CSV), one per kind: ${links}`,
      exportAction: 'Download my data (JSON)',
      erasedSubject: 'Your data has been erased',
      erased:
        'As you asked, the city has erased your contact details and what you wrote. Your votes, sign-ups and hours stay in its counts, with nothing that links them to you. This is the last email sent to this address about it; the address itself is no longer kept.',
      withdrawnSubject: 'Your consent has been withdrawn',
      withdrawn: ({ purpose }: { purpose: string }) =>
        `As you asked, you no longer consent to ${purpose}. This takes effect everywhere at once.`,
    },
    /** Volunteering: a confirmed, promoted or reminded seat (functions/volunteering/mail.ts `seatMail`). */
    seat: {
      subjects: {
        confirmed: ({ title, kind }: Seat & { title: string }) =>
          `You're confirmed: ${title} (${kind === 'shift' ? 'shift' : 'session'})`,
        promoted: ({ title }: { title: string }) => `A place opened up: you're confirmed for ${title}`,
        reminder: ({ title, when }: { title: string; when: string }) => `Reminder: ${title}, ${when}`,
      },
      openings: {
        confirmed: ({ kind }: Seat) =>
          `Thank you for signing up. Your place on this ${kind === 'shift' ? 'shift' : 'session'} is confirmed.`,
        promoted: ({ kind }: Seat) =>
          `A seat became free and you were next on the waitlist: your place on this ${kind === 'shift' ? 'shift' : 'session'} is confirmed.`,
        reminder: ({ kind }: Seat) => `This is a reminder of your ${kind === 'shift' ? 'shift' : 'session'}.`,
      },
      greeting: ({ name }: { name: string }) => `Hello ${name},`,
      what: 'What',
      when: 'When',
      where: 'Where',
      invite: 'The attached invite adds it to your calendar.',
      cancelLine: ({ link }: { link: string }) =>
        `Can't come after all? Cancel your place so the next person waiting gets it: ${link}`,
      /** The HTML part's cancel sentence, around its link. */
      cancelLead: "Can't come after all?",
      cancelLinkText: 'Cancel your place',
      cancelRest: 'so the next person waiting gets it.',
      inviteCancel: ({ link }: { link: string }) => `Can't come? Cancel your place: ${link}`,
    },
    /** Volunteering: a sign-up or enrolment under `email` assurance (`claimNoticeMail`). */
    claimNotice: {
      subjects: {
        hold: 'Please confirm your place',
        'promoted-hold': 'A place opened up: please confirm it',
        'already-held': 'Please confirm your place',
        waitlisted: 'You are on the waiting list',
        'already-waitlisted': 'You are on the waiting list',
        'already-confirmed': 'You already have this place',
        'already-signed-up': 'About your sign-up',
        overlap: 'About your sign-up: a time clash',
      },
      activity: ({
        kind,
        title,
        when,
        where,
      }: Seat & { title: string; when: string; where?: string | undefined }) =>
        `the ${kind === 'shift' ? 'shift' : 'training session'} “${title}”, ${when}${where ? `, at ${where}` : ''}`,
      asked: ({ what }: What) => `You asked for a place on ${what}.`,
      holding: ({ until }: { until: string }) =>
        `We are holding a seat for you until ${until}. Confirm it with the link below; if it is not confirmed by then, the seat goes to the next person.`,
      confirmPlace: 'Confirm my place',
      /** What a seat's confirmation link confirms, for its page and answer. */
      yourPlace: ({ kind, title, when }: Seat & { title: string; when: string }) =>
        `your place on the ${kind === 'shift' ? 'shift' : 'training session'} “${title}”, ${when}`,
      seatFreed: ({ what }: What) => `A seat became free on ${what}, and you were next on the waiting list.`,
      promotedHolding: ({ until }: { until: string }) =>
        `We are holding it for you until ${until}. Confirm it with the link below; if it is not confirmed by then, it goes to the next person waiting.`,
      alreadyHeld: ({ what, until }: What & { until: string }) =>
        `You asked again for a place on ${what}. A seat is already held for you until ${until}.`,
      newLink: 'Here is a new link to confirm it; the link in any earlier email no longer works.',
      waitlisted: ({ what, position }: What & { position: number }) =>
        `You asked for a place on ${what}. It is full for now: you are number ${position} on the waiting list.`,
      willEmail:
        'If a seat frees up, we will email you a link to confirm it. There is nothing to do until then.',
      alreadyWaitlisted: ({ what, position }: What & { position: number }) =>
        `You asked again for a place on ${what}. You are already on its waiting list, number ${position}: nothing has changed.`,
      willEmailShort: 'If a seat frees up, we will email you a link to confirm it.',
      alreadyConfirmed: ({ what }: What) =>
        `You asked again for a place on ${what}. You already have this place: nothing has changed.`,
      seeOrCancel: ({ kind }: Seat) => `See or cancel your ${kind === 'shift' ? 'sign-up' : 'enrolment'}`,
      alreadySignedUp: ({ what }: What) =>
        `You asked again for a place on ${what}. You already signed up for it: nothing has changed.`,
      overlap: ({ other }: { other: string }) =>
        `It overlaps ${other}, which you already signed up for, so we did not sign you up. To take this one instead, cancel the other first, then sign up again.`,
    },
    /** Public meetings (functions/meetings/mail.ts): registration, confirmation, reminder, cancellation, answers. */
    meeting: {
      /** What a meeting's confirmation link confirms, for its page and answer. */
      yourPlace: ({ title, when }: { title: string; when: string }) =>
        `your place at the public meeting “${title}”, ${when}`,
      notice: {
        holdSubject: ({ title }: { title: string }) => `Confirm your place at ${title}`,
        held: ({ title, when }: { title: string; when: string }) =>
          `A place at the public meeting “${title}”, ${when}, is held for you.`,
        confirmWithLink: 'Confirm it with the link below; unconfirmed, it goes to the next person.',
        confirmPlace: 'Confirm my place',
        waitlistedSubject: ({ title }: { title: string }) => `You are on the waitlist: ${title}`,
        waitlisted: ({ title, when, position }: { title: string; when: string; position: number }) =>
          `The public meeting “${title}”, ${when}, is full. You are number ${position} on its waitlist.`,
        willEmail: 'If a place frees up for you, we will email you a link to confirm it.',
        alreadySubject: ({ title }: { title: string }) => `You are already registered: ${title}`,
        already: ({ title, when }: { title: string; when: string }) =>
          `This address is already registered for the public meeting “${title}”, ${when}.`,
      },
      subjects: {
        confirmed: ({ title }: { title: string }) => `You're registered: ${title}`,
        reminder: ({ title, when }: { title: string; when: string }) => `Reminder: ${title}, ${when}`,
      },
      openings: {
        confirmed: 'Thank you for registering. Your place at this public meeting is confirmed.',
        reminder: 'This is a reminder of the public meeting you registered for.',
      },
      greeting: ({ name }: { name: string }) => `Hello ${name},`,
      what: 'What',
      when: 'When',
      where: 'Where',
      invite: 'The attached invite adds it to your calendar.',
      cancelLine: ({ link }: { link: string }) =>
        `Can't come after all? Cancel your place so the next person waiting gets it: ${link}`,
      /** The HTML part's cancel sentence, around its link. */
      cancelLead: "Can't come after all?",
      cancelLinkText: 'Cancel your place',
      cancelRest: 'so the next person waiting gets it.',
      /** The calendar invite and the public feed (`/meetings.ics`). */
      calendarName: 'Public meetings',
      inviteAccessibility: ({ features }: { features: string }) => `Accessibility: ${features}.`,
      inviteCancel: ({ link }: { link: string }) => `Can't come? Cancel your place: ${link}`,
      accommodation: {
        metSubject: ({ title }: { title: string }) => `Your request for ${title}`,
        unmetSubject: ({ title }: { title: string }) => `About your request for ${title}`,
        met: ({ title }: { title: string }) =>
          `We can arrange what you asked for at the public meeting “${title}”.`,
        unmet: ({ title }: { title: string }) =>
          `We are sorry: we cannot arrange everything you asked for at the public meeting “${title}”.`,
        organisersWrite: ({ message }: { message: string }) => `The organisers write: ${message}`,
      },
      cancelled: {
        subject: ({ title }: { title: string }) => `Your place is cancelled: ${title}`,
        byRegistrant: ({ title, when }: { title: string; when: string }) =>
          `As you asked, your place at the public meeting “${title}”, ${when}, is cancelled.`,
        byStaff: ({ title, when }: { title: string; when: string }) =>
          `The organisers have cancelled your place at the public meeting “${title}”, ${when}.`,
        registerAgain: 'If you would like to come after all, you can register again while places remain.',
      },
    },
    /** The evaluation digest (functions/digest/render.ts): staff read it, in the language of their subscription. */
    digest: {
      subject: ({ period }: { period: string }) => `Civic evaluation digest — ${period}`,
      heading: ({ period }: { period: string }) => `Evaluation digest for ${period}`,
      intro: 'How engagement went this period, compared with the period before.',
      cityWide: 'City-wide',
      figure: 'Figure',
      thisPeriod: 'This period',
      change: 'Change',
      up: 'up',
      down: 'down',
      same: 'no change',
      newFigure: 'nothing to compare with',
      offTrack: 'Indicators off track',
      noneOffTrack: 'No indicator is off track.',
      underRepresented: 'Under-represented groups',
      noneUnderRepresented: 'No group is under-represented among participants who shared their details.',
      smallGroupsWithheld: ({ minimum }: { minimum: number }) =>
        `Groups of fewer than ${minimum} participants are not shown, to protect the people in them.`,
      neighbourhood: 'Neighbourhood',
      ageBand: 'Age band',
      ofExpected: ({ percent }: { percent: string }) => `${percent} of their share of the population`,
      attention: 'Partnerships needing attention',
      noneAttention: 'No partnership needs attention.',
      reasons: { 'renewal-due': 'renewal due', stale: 'no recent activity' },
      petitions: 'Petitions, city-wide',
      petitionAttention: 'Petitions needing attention',
      nonePetitionAttention: 'No petition needs attention.',
      petitionReasons: {
        'moderation-overdue': ({ date }: { date: string }) => `awaiting moderation since ${date}`,
        'response-overdue': ({ date }: { date: string }) => `the city’s answer was due on ${date}`,
        'response-due-soon': ({ date }: { date: string }) => `the city’s answer is due by ${date}`,
      },
      milestones: 'Milestones reached',
      noneMilestones: 'No new milestone this period.',
      fullSummary: 'Read the full impact summary',
      unsubscribe: 'Unsubscribe from this digest',
      why: 'You receive this because an administrator subscribed this address to Civic’s evaluation digest.',
      metrics: {
        uniqueParticipants: 'Participants',
        newParticipants: 'New participants',
        contributions: 'Contributions',
        votes: 'Votes',
        surveyResponses: 'Survey responses',
        volunteerSignups: 'Volunteer sign-ups',
        verifiedVolunteerHours: 'Verified volunteer hours',
        trainingCompletions: 'Training completions',
        partnershipsActive: 'Active partnerships',
        partnerContributionValue: 'Partner contributions',
        feedbackCount: 'Feedback received',
        petitionsOpened: 'Petitions opened',
        petitionSignatures: 'Signatures confirmed',
        petitionThresholdsReached: 'Thresholds reached',
        petitionResponses: 'Answers given',
        petitionResponsesOverdue: 'Answers overdue',
      },
    },
  },
};

/** The shape every shipped language's catalogue has: English's. */
export type Messages = typeof en;
