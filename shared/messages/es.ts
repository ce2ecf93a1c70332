import type { Messages } from './en';

/**
 * Spanish, in the "usted" register, as city websites write it. Same keys as English (`Messages`);
 * see en.ts for what each is.
 */

const capitalize = (sentence: string) => sentence.charAt(0).toUpperCase() + sentence.slice(1);

/** "de el título" → "del título", as Spanish contracts it. */
const de = (label: string) => (label.startsWith('el ') ? `del ${label.slice(3)}` : `de ${label}`);

export const es: Messages = {
  dateLocale: 'es-ES',
  field: {
    labels: {
      email: 'su correo electrónico',
      name: 'su nombre',
      participant: 'sus datos de contacto',
      respondent: 'sus datos',
      phone: 'su número de teléfono',
      consentToContact: 'su consentimiento para que le contactemos',
      consent: 'su consentimiento',
      confirmsMinimumAge: 'la confirmación de su edad',
      ageBand: 'su franja de edad',
      answers: 'sus respuestas',
      comment: 'su comentario',
      rating: 'su valoración',
      about: 'lo que valora',
      title: 'el título',
      body: 'el texto principal',
      summary: 'el resumen',
      description: 'la descripción',
      kind: 'el tipo',
      type: 'el tipo',
      category: 'la categoría',
      parentId: 'el comentario al que responde',
      neighbourhood: 'el barrio',
      neighbourhoods: 'los barrios',
      location: 'la ubicación',
      lat: 'la latitud',
      lon: 'la longitud',
      address: 'la dirección',
      website: 'el sitio web',
      openingHours: 'el horario',
      accessibilityNotes: 'las notas de accesibilidad',
      skills: 'las habilidades',
      date: 'la fecha',
      startsAt: 'la hora de inicio',
      endsAt: 'la hora de finalización',
      startsOn: 'la fecha de inicio',
      endsOn: 'la fecha de finalización',
      startDate: 'la fecha de inicio',
      endDate: 'la fecha de finalización',
      opensAt: 'la fecha de apertura',
      closesAt: 'la fecha de cierre',
      timeZone: 'la zona horaria',
      capacity: 'el número de plazas',
      minimumAge: 'la edad mínima',
      token: 'el enlace que ha seguido',
      language: 'el idioma',
      lang: 'el idioma',
      note: 'la nota',
      reason: 'el motivo',
      status: 'el estado',
      severity: 'la gravedad',
      value: 'el valor',
      target: 'el objetivo',
      baseline: 'el valor de referencia',
      period: 'el periodo',
      frequency: 'la frecuencia',
      limit: 'el número de resultados',
      cursor: 'el enlace de página',
      initiativeId: 'la iniciativa',
      initiativeIds: 'las iniciativas',
      engagementId: 'el proceso participativo',
      contributionId: 'la aportación',
      surveyId: 'la encuesta',
      questionId: 'la pregunta',
      optionIds: 'las opciones',
      organizationId: 'la organización',
      organizationIds: 'las organizaciones',
      shiftId: 'el turno',
      opportunityId: 'la oportunidad de voluntariado',
      sessionId: 'la sesión',
    },
    childLabels: { answers: 'su respuesta a esta pregunta', about: 'lo que valora' },
    anyField: 'este campo',
    fillIn: 'Rellene este campo.',
    required: ({ label }) => `Indique ${label}.`,
    choose: ({ label }) => `Seleccione ${label}.`,
    fillInGroup: ({ label }) => `Complete ${label}.`,
    asText: ({ label }) => `Escriba ${label} como texto.`,
    asNumber: ({ label }) => `Indique ${label} con un número.`,
    asWholeNumber: ({ label }) => `Indique ${label} con un número entero.`,
    yesOrNo: ({ label }) => `Indique sí o no en ${label}.`,
    asList: ({ label }) => `Indique ${label} en forma de lista.`,
    asDate: ({ label }) => `Indique ${label} como una fecha.`,
    atLeastCharacters: ({ label, n, exact }) =>
      `Escriba ${exact ? 'exactamente' : 'al menos'} ${n} caracteres en ${label}.`,
    atMostCharacters: ({ label, n, exact }) =>
      exact
        ? `Escriba exactamente ${n} caracteres en ${label}.`
        : `Acorte ${label} a ${n} caracteres como máximo.`,
    atLeastNumber: ({ label, n, inclusive }) =>
      capitalize(`${label} debe ser ${inclusive ? 'igual o superior' : 'superior'} a ${n}.`),
    atMostNumber: ({ label, n, inclusive }) =>
      capitalize(`${label} debe ser ${inclusive ? 'igual o inferior' : 'inferior'} a ${n}.`),
    atLeastItems: ({ label, n, formatted }) =>
      `Indique al menos ${n === 1 ? 'un elemento' : `${formatted} elementos`} en ${label}.`,
    atMostItems: ({ label, n, formatted }) =>
      `Indique como máximo ${n === 1 ? 'un elemento' : `${formatted} elementos`} en ${label}.`,
    notBefore: ({ label, date }) => capitalize(`${label} no puede ser anterior al ${date}.`),
    notAfter: ({ label, date }) => capitalize(`${label} no puede ser posterior al ${date}.`),
    email: ({ label }) => `Revise ${label}: debe tener la forma nombre@ejemplo.org.`,
    url: ({ label }) => `Revise ${label}: debe ser una dirección web que empiece por https://.`,
    date: ({ label }) => `Indique ${label} como una fecha, por ejemplo 2026-05-31.`,
    datetime: ({ label }) => `Indique ${label} como fecha y hora, por ejemplo 2026-05-31T18:00:00+02:00.`,
    time: ({ label }) => `Indique ${label} como una hora, por ejemplo 18:30.`,
    format: ({ label }) => `Revise ${label}: no tiene el formato esperado.`,
    tickBox: ({ label }) => `Marque la casilla ${de(label)}.`,
    oneOfTheOptions: ({ label }) => `Seleccione una de las opciones disponibles para ${label}.`,
    multipleOf: ({ label, divisor }) => capitalize(`${label} debe ser múltiplo de ${divisor}.`),
    unexpectedFields: ({ keys }) => `Quite los campos que este formulario no utiliza: ${keys}.`,
    check: ({ label }) => `Revise ${label}.`,
    thankYouPageNotAllowed:
      'Esta página de agradecimiento no figura en la lista de páginas permitidas del ayuntamiento.',
    reasons: {
      controlCharacters: ({ label }) => `Elimine los caracteres invisibles o de control ${de(label)}.`,
      lineBreak: ({ label }) => `Escriba ${label} en una sola línea.`,
    },
  },
  page: {
    formError: {
      title: 'Hay campos que corregir',
      detail: ({ count }) => (count === 1 ? 'Un campo no es válido.' : `${count} campos no son válidos.`),
      checkTheForm: 'revise el formulario',
      nothingSaved: 'No se ha guardado nada.',
      backToForm: 'Volver al formulario',
      useBackButton: 'Use el botón «Atrás» de su navegador para volver al formulario.',
    },
    thankYou: {
      title: 'Gracias',
      received: 'Hemos recibido su envío.',
      voteCounted: 'Gracias: su apoyo se ha contabilizado.',
    },
    checkYourEmail: {
      title: 'Revise su correo electrónico',
      message:
        'Gracias. Le hemos enviado un mensaje a la dirección que ha indicado: siga el enlace que contiene para confirmar.',
    },
    confirmation: {
      alreadyTitle: 'Ya está confirmado',
      already: ({ what }) => `Ya ha confirmado ${what}. Gracias.`,
      expiredTitle: 'Este enlace ha caducado',
      expired: ({ what }) =>
        `El enlace para confirmar ${what} no se utilizó a tiempo, por lo que ya no cuenta. Vuelva a participar para recibir un enlace nuevo.`,
      pendingTitle: 'Confirme, por favor',
      pending: ({ what }) => `Confirme ${what}.`,
      worksUntil: ({ until }) => `Este enlace es válido hasta el ${until}.`,
      button: 'Confirmar',
      confirmedTitle: 'Confirmado',
      confirmedHeading: 'Gracias',
      confirmed: ({ what }) => `Ha confirmado ${what}.`,
    },
    claim: {
      title: ({ kind }) => (kind === 'sign-up' ? 'Su inscripción' : 'Su inscripción en la sesión'),
      waitlistPosition: ({ position }) => `Ocupa el puesto ${position} en la lista de espera.`,
      status: ({ status }) => `Estado: ${status}.`,
      statuses: {
        held: 'plaza reservada pendiente de confirmación',
        confirmed: 'confirmada',
        waitlisted: 'en lista de espera',
        cancelled: 'cancelada',
        expired: 'caducada',
        'no-show': 'no asistió',
        completed: 'completada',
      },
      cancel: ({ kind }) =>
        kind === 'sign-up' ? 'Cancelar mi inscripción' : 'Cancelar mi inscripción en la sesión',
      received: ({ kind }) =>
        kind === 'sign-up' ? 'Hemos recibido su inscripción.' : 'Hemos recibido su inscripción en la sesión.',
      full: ({ position }) =>
        `Por ahora no quedan plazas: ocupa el puesto ${position} en la lista de espera.`,
      placeConfirmed: 'Su plaza está confirmada.',
    },
    meeting: {
      registeredTitle: 'Inscripción confirmada',
      registered:
        'Su plaza está confirmada. Le hemos enviado un correo electrónico con una invitación para su calendario.',
      waitlistedTitle: 'Está en la lista de espera',
      waitlisted: ({ position }) =>
        `La reunión está completa: ocupa el puesto ${position} en la lista de espera. Le escribiremos si se libera una plaza.`,
      registrationTitle: 'Su inscripción',
      status: ({ status }) => `Su inscripción está ${status}.`,
      waitlistPosition: ({ position }) =>
        `Su inscripción está en la lista de espera: ocupa el puesto ${position}.`,
      statuses: {
        held: 'reservada para usted, pendiente de confirmación',
        confirmed: 'confirmada',
        waitlisted: 'en la lista de espera',
        cancelled: 'cancelada',
        expired: 'caducada',
      },
      cancel: 'Cancelar mi plaza',
    },
    unsubscribe: {
      title: 'Darse de baja del resumen de evaluación',
      heading: '¿Desea darse de baja del resumen de evaluación?',
      frequencies: { weekly: 'semanal', monthly: 'mensual' },
      receives: ({ frequency }) => `Esta dirección recibe el resumen de evaluación ${frequency} de Civic.`,
      button: 'Darme de baja',
      doneTitle: 'Baja confirmada',
      doneHeading: 'Se ha dado de baja',
      done: 'Esta dirección ya no recibirá este resumen.',
    },
    petitionUnsubscribe: {
      title: 'Dejar de recibir correo sobre una petición',
      heading: '¿Desea dejar de recibir correo sobre esta petición?',
      about: ({ title }) =>
        `Al firmar la petición «${title}», pidió conocer por correo la respuesta del ayuntamiento.`,
      effect:
        'Si lo detiene, el ayuntamiento no le enviará nada más sobre esta petición y olvidará su nombre y su dirección de correo para ella. Su firma sigue contando.',
      button: 'Detener el correo y olvidar mi dirección',
      doneTitle: 'Correo detenido',
      doneHeading: 'Hecho',
      done: 'El ayuntamiento no le enviará nada más sobre esta petición y ha olvidado su nombre y su dirección de correo para ella. Su firma sigue contando.',
    },
  },
  mail: {
    confirmation: {
      greeting: ({ name }) => (name ? `Hola, ${name}:` : 'Hola:'),
      why: 'Recibe este mensaje porque alguien ha escrito esta dirección en un formulario del ayuntamiento. Si no ha sido usted, ignore este mensaje: nada cuenta si no se sigue el enlace y se confirma.',
      linkUntil: ({ until }) => `El enlace es válido hasta el ${until}.`,
      deadline: ({ when, timeZone }) => `${when} (${timeZone})`,
    },
    vote: {
      kinds: { idea: 'una idea', comment: 'un comentario', proposal: 'una propuesta' },
      what: ({ thing, title }) => `su apoyo a ${thing} en «${title}»`,
      subject: 'Confirme su voto',
      ask: ({ what }) => `Gracias por participar. Confirme ${what}: contará en cuanto lo haga.`,
      latestOnly: 'Si lo ha solicitado más de una vez, solo funciona el enlace del mensaje más reciente.',
      action: 'Confirmar mi voto',
      alreadySubject: 'Su voto ya cuenta',
      already: ({ what }) =>
        `Alguien, quizá usted, ha vuelto a solicitar registrar ${what} con esta dirección. Ya estaba contabilizado, así que no ha cambiado nada y no tiene que hacer nada.`,
    },
    petition: {
      signature: ({ title }) => `su firma en la petición «${title}»`,
      creation: ({ title }) => `su petición «${title}»`,
      subject: 'Confirme su firma',
      ask: ({ what }) => `Gracias. Confirme ${what}: contará en cuanto lo haga.`,
      latestOnly: 'Si ha firmado más de una vez, solo funciona el enlace del mensaje más reciente.',
      action: 'Confirmar mi firma',
      creatorSubject: 'Confirme su petición',
      creatorAsk: ({ what }) =>
        `Gracias por iniciar ${what}. Confirme su dirección de correo: la petición quedará creada, con su firma como la primera, en cuanto lo haga.`,
      creatorAction: 'Confirmar mi petición',
      alreadySubject: 'Ya ha firmado esta petición',
      already: ({ what }) =>
        `Alguien, quizá usted, ha vuelto a solicitar registrar ${what} con esta dirección. Ya cuenta, así que no ha cambiado nada y no tiene que hacer nada: cada persona firma una vez.`,
      sponsorsSubject: 'Su petición necesita apoyos',
      sponsors: ({ title, count }) =>
        `Su petición «${title}» está creada. Antes de que el ayuntamiento la revise y la publique, ${count} ${count === 1 ? 'persona debe apoyarla' : 'personas deben apoyarla'}: envíeles el enlace de abajo y pídales que firmen y confirmen.`,
      sponsorsAction: 'La página de su petición',
      awaitingModeration: ({ title }) =>
        `Su petición «${title}» está creada y espera ahora a que el ayuntamiento la revise y la publique. Le avisaremos.`,
    },
    petitionAnswer: {
      subject: 'El ayuntamiento ha respondido a una petición que usted firmó',
      answered: ({ title }) => `El ayuntamiento ha respondido a la petición «${title}» que usted firmó.`,
      outcomes: {
        accepted: 'El ayuntamiento acepta lo que pide la petición.',
        'partly-accepted': 'El ayuntamiento acepta una parte de lo que pide la petición.',
        rejected: 'El ayuntamiento no acepta lo que pide la petición.',
        'referred-to-debate': 'El ayuntamiento debatirá la petición.',
      },
      answerHeading: 'La respuesta del ayuntamiento',
      readMore: 'La respuesta o la decisión completa',
      petitionPage: 'La página de la petición',
      why: 'Recibe este mensaje una sola vez porque, al firmar, pidió conocer la respuesta del ayuntamiento. El ayuntamiento no le enviará nada más sobre esta petición.',
      unsubscribe: 'Olvidar mi nombre y mi dirección para esta petición',
    },
    response: {
      what: ({ title }) => `su respuesta a la encuesta «${title}»`,
      subject: 'Confirme su respuesta a la encuesta',
      ask: ({ what }) => `Gracias por participar. Confirme ${what}: contará en cuanto lo haga.`,
      latestOnly:
        'Si ha respondido más de una vez, solo funciona el enlace del mensaje más reciente, y solo cuentan las respuestas enviadas con él.',
      action: 'Confirmar mi respuesta',
      alreadySubject: 'Su respuesta a la encuesta ya cuenta',
      already: ({ what }) =>
        `Alguien, quizá usted, ha vuelto a responder con esta dirección. ${capitalize(what)} ya estaba contabilizada, así que no ha cambiado nada y no tiene que hacer nada: cada persona responde una sola vez.`,
    },
    privacy: {
      purposes: {
        contact: 'que le contactemos en relación con lo que escribió o con aquello en lo que se inscribió',
        demographics: 'compartir su barrio y su franja de edad para las cifras de inclusión',
      },
      anyPurpose: 'una finalidad',
      exportRequest: 'su solicitud de una copia de todo lo que el ayuntamiento conserva sobre esta dirección',
      eraseRequest: 'su solicitud de supresión de todo lo que el ayuntamiento conserva sobre esta dirección',
      withdrawRequest: ({ purpose }) => `la retirada de su consentimiento para ${purpose}`,
      subject: 'Confirme su solicitud sobre privacidad',
      received: ({ what }) => `Hemos recibido ${what}. Confírmela: no se hará nada hasta que lo haga.`,
      eraseWarning:
        'La supresión no se puede deshacer: se eliminan sus datos de contacto y lo que escribió, mientras que sus votos, inscripciones y horas siguen en los recuentos del ayuntamiento sin nada que los relacione con usted.',
      action: 'Confirmar mi solicitud',
      exportSubject: 'Su exportación de datos está lista',
      exportReady:
        'Aquí tiene todo lo que el ayuntamiento conserva sobre esta dirección, tal como lo solicitó. Los enlaces son válidos durante 72 horas y cualquier persona que los tenga puede abrir el archivo, así que no reenvíe este mensaje.',
      noRecords: 'El ayuntamiento no conserva ningún registro sobre esta dirección.',
      spreadsheets: ({ links }) => `Los mismos registros en hojas de cálculo (CSV), una por tipo: ${links}`,
      exportAction: 'Descargar mis datos (JSON)',
      erasedSubject: 'Sus datos se han suprimido',
      erased:
        'Tal como lo solicitó, el ayuntamiento ha suprimido sus datos de contacto y lo que escribió. Sus votos, inscripciones y horas siguen en sus recuentos, sin nada que los relacione con usted. Este es el último mensaje que se envía a esta dirección sobre este asunto; la propia dirección ya no se conserva.',
      withdrawnSubject: 'Se ha retirado su consentimiento',
      withdrawn: ({ purpose }) =>
        `Tal como lo solicitó, ya no consiente ${purpose}. El cambio se aplica en todas partes de inmediato.`,
    },
    seat: {
      subjects: {
        confirmed: ({ title, kind }) =>
          `Plaza confirmada: ${title} (${kind === 'shift' ? 'turno' : 'sesión'})`,
        promoted: ({ title }) => `Se ha liberado una plaza: tiene plaza confirmada en ${title}`,
        reminder: ({ title, when }) => `Recordatorio: ${title}, ${when}`,
      },
      openings: {
        confirmed: ({ kind }) =>
          `Gracias por inscribirse. Su plaza en ${kind === 'shift' ? 'este turno' : 'esta sesión'} está confirmada.`,
        promoted: ({ kind }) =>
          `Se ha liberado una plaza y usted era la siguiente persona en la lista de espera: su plaza en ${kind === 'shift' ? 'este turno' : 'esta sesión'} está confirmada.`,
        reminder: ({ kind }) => `Le recordamos ${kind === 'shift' ? 'su turno' : 'su sesión'}.`,
      },
      greeting: ({ name }) => `Hola, ${name}:`,
      what: 'Qué',
      when: 'Cuándo',
      where: 'Dónde',
      invite: 'Con la invitación adjunta puede añadirlo a su calendario.',
      cancelLine: ({ link }) =>
        `¿Al final no puede venir? Cancele su plaza para que la reciba la siguiente persona en espera: ${link}`,
      cancelLead: '¿Al final no puede venir?',
      cancelLinkText: 'Cancele su plaza',
      cancelRest: 'para que la reciba la siguiente persona en espera.',
      inviteCancel: ({ link }) => `¿No puede venir? Cancele su plaza: ${link}`,
    },
    claimNotice: {
      subjects: {
        hold: 'Confirme su plaza',
        'promoted-hold': 'Se ha liberado una plaza: confírmela',
        'already-held': 'Confirme su plaza',
        waitlisted: 'Está en la lista de espera',
        'already-waitlisted': 'Está en la lista de espera',
        'already-confirmed': 'Ya tiene esta plaza',
        'already-signed-up': 'Sobre su inscripción',
        overlap: 'Sobre su inscripción: coincidencia de horario',
      },
      activity: ({ kind, title, when, where }) =>
        `${kind === 'shift' ? 'el turno' : 'la sesión de formación'} «${title}», ${when}${where ? `, en ${where}` : ''}`,
      asked: ({ what }) => `Ha solicitado una plaza en ${what}.`,
      holding: ({ until }) =>
        `Le reservamos una plaza hasta el ${until}. Confírmela con el enlace de abajo; si no la confirma antes, la plaza pasará a la siguiente persona.`,
      confirmPlace: 'Confirmar mi plaza',
      yourPlace: ({ kind, title, when }) =>
        `su plaza en ${kind === 'shift' ? 'el turno' : 'la sesión de formación'} «${title}», ${when}`,
      seatFreed: ({ what }) =>
        `Se ha liberado una plaza en ${what} y usted era la siguiente persona en la lista de espera.`,
      promotedHolding: ({ until }) =>
        `Se la reservamos hasta el ${until}. Confírmela con el enlace de abajo; si no la confirma antes, pasará a la siguiente persona en espera.`,
      alreadyHeld: ({ what, until }) =>
        `Ha vuelto a solicitar una plaza en ${what}. Ya tiene una plaza reservada hasta el ${until}.`,
      newLink:
        'Aquí tiene un enlace nuevo para confirmarla; el enlace de cualquier mensaje anterior ya no funciona.',
      waitlisted: ({ what, position }) =>
        `Ha solicitado una plaza en ${what}. Por ahora no quedan plazas: ocupa el puesto ${position} en la lista de espera.`,
      willEmail:
        'Si se libera una plaza, le enviaremos por correo electrónico un enlace para confirmarla. Hasta entonces no tiene que hacer nada.',
      alreadyWaitlisted: ({ what, position }) =>
        `Ha vuelto a solicitar una plaza en ${what}. Ya está en su lista de espera, en el puesto ${position}: no ha cambiado nada.`,
      willEmailShort:
        'Si se libera una plaza, le enviaremos por correo electrónico un enlace para confirmarla.',
      alreadyConfirmed: ({ what }) =>
        `Ha vuelto a solicitar una plaza en ${what}. Ya tiene esta plaza: no ha cambiado nada.`,
      seeOrCancel: () => 'Ver o cancelar su inscripción',
      alreadySignedUp: ({ what }) =>
        `Ha vuelto a solicitar una plaza en ${what}. Ya se había inscrito: no ha cambiado nada.`,
      overlap: ({ other }) =>
        `Coincide en el horario con ${other}, donde ya tiene una inscripción, así que no hemos podido inscribirle. Si prefiere esta actividad, cancele primero la otra inscripción y vuelva a inscribirse.`,
    },
    meeting: {
      yourPlace: ({ title, when }) => `su plaza en la reunión pública «${title}», ${when}`,
      notice: {
        holdSubject: ({ title }) => `Confirme su plaza en ${title}`,
        held: ({ title, when }) => `Tiene una plaza reservada en la reunión pública «${title}», ${when}.`,
        confirmWithLink:
          'Confírmela con el enlace de abajo; si no la confirma, pasará a la siguiente persona.',
        confirmPlace: 'Confirmar mi plaza',
        waitlistedSubject: ({ title }) => `Está en la lista de espera: ${title}`,
        waitlisted: ({ title, when, position }) =>
          `La reunión pública «${title}», ${when}, está completa. Ocupa el puesto ${position} en su lista de espera.`,
        willEmail: 'Si se libera una plaza para usted, le enviaremos un enlace para confirmarla.',
        alreadySubject: ({ title }) => `Esta dirección ya está inscrita: ${title}`,
        already: ({ title, when }) =>
          `Esta dirección ya está inscrita en la reunión pública «${title}», ${when}.`,
      },
      subjects: {
        confirmed: ({ title }) => `Inscripción confirmada: ${title}`,
        reminder: ({ title, when }) => `Recordatorio: ${title}, ${when}`,
      },
      openings: {
        confirmed: 'Gracias por inscribirse. Su plaza en esta reunión pública está confirmada.',
        reminder: 'Le recordamos la reunión pública en la que se inscribió.',
      },
      greeting: ({ name }) => `Hola, ${name}:`,
      what: 'Qué',
      when: 'Cuándo',
      where: 'Dónde',
      invite: 'Con la invitación adjunta puede añadirla a su calendario.',
      cancelLine: ({ link }) =>
        `¿Al final no puede venir? Cancele su plaza para que la reciba la siguiente persona en espera: ${link}`,
      cancelLead: '¿Al final no puede venir?',
      cancelLinkText: 'Cancele su plaza',
      cancelRest: 'para que la reciba la siguiente persona en espera.',
      calendarName: 'Reuniones públicas',
      inviteAccessibility: ({ features }) => `Accesibilidad: ${features}.`,
      inviteCancel: ({ link }) => `¿No puede venir? Cancele su plaza: ${link}`,
      accommodation: {
        metSubject: ({ title }) => `Su solicitud para ${title}`,
        unmetSubject: ({ title }) => `Sobre su solicitud para ${title}`,
        met: ({ title }) => `Podemos organizar lo que solicitó para la reunión pública «${title}».`,
        unmet: ({ title }) =>
          `Lo sentimos: no podemos organizar todo lo que solicitó para la reunión pública «${title}».`,
        organisersWrite: ({ message }) => `La organización le escribe: ${message}`,
      },
      cancelled: {
        subject: ({ title }) => `Su plaza está cancelada: ${title}`,
        byRegistrant: ({ title, when }) =>
          `Tal como solicitó, su plaza en la reunión pública «${title}», ${when}, está cancelada.`,
        byStaff: ({ title, when }) =>
          `La organización ha cancelado su plaza en la reunión pública «${title}», ${when}.`,
        registerAgain: 'Si al final desea asistir, puede volver a inscribirse mientras queden plazas.',
      },
    },
    digest: {
      subject: ({ period }) => `Resumen de evaluación de Civic — ${period}`,
      heading: ({ period }) => `Resumen de evaluación de ${period}`,
      intro: 'Cómo fue la participación en este periodo, comparada con el anterior.',
      cityWide: 'Toda la ciudad',
      figure: 'Indicador',
      thisPeriod: 'Este periodo',
      change: 'Cambio',
      up: 'sube',
      down: 'baja',
      same: 'sin cambio',
      newFigure: 'sin dato anterior',
      offTrack: 'Indicadores desviados',
      noneOffTrack: 'Ningún indicador está desviado.',
      underRepresented: 'Grupos infrarrepresentados',
      noneUnderRepresented: 'Ningún grupo está infrarrepresentado entre quienes compartieron sus datos.',
      smallGroupsWithheld: ({ minimum }) =>
        `Los grupos de menos de ${minimum} participantes no se muestran, para proteger a las personas que los forman.`,
      neighbourhood: 'Barrio',
      ageBand: 'Franja de edad',
      ofExpected: ({ percent }) => `${percent} de su peso en la población`,
      attention: 'Alianzas que requieren atención',
      noneAttention: 'Ninguna alianza requiere atención.',
      reasons: { 'renewal-due': 'renovación próxima', stale: 'sin actividad reciente' },
      petitions: 'Peticiones, toda la ciudad',
      petitionAttention: 'Peticiones que requieren atención',
      nonePetitionAttention: 'Ninguna petición requiere atención.',
      petitionReasons: {
        'moderation-overdue': ({ date }) => `pendiente de moderación desde el ${date}`,
        'response-overdue': ({ date }) => `la respuesta del ayuntamiento vencía el ${date}`,
        'response-due-soon': ({ date }) => `la respuesta del ayuntamiento vence el ${date}`,
      },
      milestones: 'Hitos alcanzados',
      noneMilestones: 'Ningún hito nuevo en este periodo.',
      fullSummary: 'Ver el resumen de impacto completo',
      unsubscribe: 'Darse de baja de este resumen',
      why: 'Recibe este correo porque una persona administradora suscribió esta dirección al resumen de evaluación de Civic.',
      metrics: {
        uniqueParticipants: 'Participantes',
        newParticipants: 'Participantes nuevos',
        contributions: 'Aportaciones',
        votes: 'Votos',
        surveyResponses: 'Respuestas a encuestas',
        volunteerSignups: 'Inscripciones de voluntariado',
        verifiedVolunteerHours: 'Horas de voluntariado verificadas',
        trainingCompletions: 'Formaciones completadas',
        partnershipsActive: 'Alianzas activas',
        partnerContributionValue: 'Aportaciones de socios',
        feedbackCount: 'Valoraciones recibidas',
        petitionsOpened: 'Peticiones abiertas',
        petitionSignatures: 'Firmas confirmadas',
        petitionThresholdsReached: 'Umbrales alcanzados',
        petitionResponses: 'Respuestas dadas',
        petitionResponsesOverdue: 'Respuestas vencidas',
      },
    },
  },
};
