/**
 * The impact-summary figures an indicator may follow (`source: { computed: <metric> }`). Each
 * name is a figure the `impact-summary` job compiles per initiative and period; a computed
 * indicator takes its values from there instead of from measurements posted by staff.
 */
export const computedMetrics = [
  'uniqueParticipants',
  'newParticipants',
  'returningParticipants',
  'contributions',
  'votes',
  'surveyResponses',
  'surveyCompletionRate',
  'volunteerSignups',
  'shiftFillRate',
  'noShows',
  'verifiedVolunteerHours',
  'trainingCompletions',
  'meetingRegistrations',
  'meetingAttendance',
  'partnershipsActive',
  'partnershipsNew',
  'partnerContributionValue',
  'feedbackCount',
  'feedbackMeanRating',
] as const;

export type ComputedMetric = (typeof computedMetrics)[number];
