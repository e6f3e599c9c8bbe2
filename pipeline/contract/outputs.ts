/**
 * The output directory: one zod schema per JSON file, the single truth for the pipeline that
 * writes them and the site that reads them. Key order in the JSON is the order of the shapes
 * below (emit serialises through these schemas' key order).
 */
import { z } from 'zod';
import { CATEGORIES, type Category } from './fields.ts';
import { INTEGRITY_RULES, PeriodSchema } from './period.ts';

export const SCHEMA_VERSION = 1 as const;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const instant = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
const count = z.number().int().min(0);
const ratio = z.number().min(0).max(1);

export const CategorySchema = z.enum(Object.keys(CATEGORIES) as [Category, ...Category[]]);
export const GRADES = ['优秀', '合格', '进行中', '不合格'] as const;
export const GradeSchema = z.enum(GRADES);
export type Grade = z.infer<typeof GradeSchema>;

/** 合格 or 优秀: the person met the period's requirement (docs/rules.md; 优秀 is 合格 with a 推荐 report). */
export function isQualifiedGrade(grade: Grade): boolean {
  return grade === '合格' || grade === '优秀';
}

// ---------------------------------------------------------------- people.json

export const PersonResultSchema = z.object({
  personId: z.string(),
  name: z.string(),
  category: CategorySchema,
  unitId: z.string(),
  branchId: z.string(),
  role: z.string(),
  registeredOn: day.nullable(),
  /** The person's last day: window.end, or a later approved extension (clamped). */
  deadline: day,
  online: z.object({
    hours: z.number(),
    exempt: z.boolean(),
    coursesRequired: count,
    /** Required courses watched (credited ≥ watchRatio × duration). */
    coursesWatched: count,
    /** Required courses with a long-enough comment. */
    coursesCommented: count,
    /** Credited minutes over all courses, each capped at its duration; 2 decimals. */
    creditedMinutes: z.number(),
  }),
  offline: z.object({ hours: z.number(), sessions: count, selfStudy: z.boolean() }),
  totalHours: z.number(),
  reports: z.object({ counted: count, required: count, recommended: count }),
  grade: GradeSchema,
  /** The first day on which the person was qualified (合格 or 优秀), or null. */
  qualifiedOn: day.nullable(),
  missing: z.object({
    watch: z.array(z.string()),
    comment: z.array(z.string()),
    offlineHours: z.number(),
    reports: count,
  }),
  /**
   * 学时真实性's deduction (period.json integrity.deduct names rules): the rules deducted, the
   * credited minutes and the comments not credited. Absent when nothing was withheld.
   */
  deducted: z.object({ rules: z.array(z.enum(INTEGRITY_RULES)), minutes: z.number(), comments: count }).optional(),
});
export type PersonResult = z.infer<typeof PersonResultSchema>;

export const PeopleFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  periodId: z.string(),
  asOf: day,
  people: z.array(PersonResultSchema),
});
export type PeopleFile = z.infer<typeof PeopleFileSchema>;

// ---------------------------------------------------------------- 大数据分析 (docs/analysis.md): counts groups carry

/**
 * 完成漏斗: each stage counts the people of the one before who also passed it, so the numbers
 * never increase: registered → started (any study in range, or exempt from the online part)
 * → online met → online and offline met → qualified → excellent.
 */
export const FunnelSchema = z.object({
  registered: count,
  started: count,
  onlineMet: count,
  onlineOfflineMet: count,
  qualified: count,
  excellent: count,
});
export type Funnel = z.infer<typeof FunnelSchema>;
export const FUNNEL_STAGES = ['registered', 'started', 'onlineMet', 'onlineOfflineMet', 'qualified', 'excellent'] as const;

/** 预警 states, the most at risk first (docs/analysis.md). */
export const OUTLOOK_STATES = ['难以按期完成', '需加快', '按期可完成'] as const;
export const OutlookStateSchema = z.enum(OUTLOOK_STATES);
export type OutlookState = z.infer<typeof OutlookStateSchema>;

/** People per 预警 state (only people not yet qualified, on or before their deadline, have one). */
export const OutlookCountsSchema = z.object({
  /** 难以按期完成 */
  unlikely: count,
  /** 需加快 */
  behind: count,
  /** 按期可完成 */
  onPace: count,
});
export type OutlookCounts = z.infer<typeof OutlookCountsSchema>;

/** 突击学习: credited seconds in the last `days` days up to the window's end or asOf, and their share of all. */
export const CramSchema = z.object({ days: count, from: day, to: day, seconds: count, share: ratio });
export type Cram = z.infer<typeof CramSchema>;

// ---------------------------------------------------------------- units.json, branches.json

/** The counts every group of people has (a unit, a branch, a category, the whole period). */
export const TallySchema = z.object({
  registered: count,
  qualified: count,
  excellent: count,
  inProgress: count,
  failed: count,
  /** qualified / registered (0 when nobody is registered); 4 decimals. */
  rate: ratio,
  excellentRate: ratio,
  /** Mean totalHours; 2 decimals. */
  avgHours: z.number(),
});
export type Tally = z.infer<typeof TallySchema>;

export const UnitStatSchema = z.object({
  unitId: z.string(),
  unitName: z.string(),
  parent: z.string(),
  branchCount: count,
  ...TallySchema.shape,
  members: count,
  nonMembers: count,
  /** 1 + the number of units with a strictly higher (rate, excellentRate); null when nobody is registered. */
  rank: z.number().int().min(1).nullable(),
  funnel: FunnelSchema,
  outlook: OutlookCountsSchema,
});
export type UnitStat = z.infer<typeof UnitStatSchema>;

export const UnitsFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  periodId: z.string(),
  asOf: day,
  /** Sorted by unitId. */
  units: z.array(UnitStatSchema),
  /** 应培尽培: units with nobody registered. */
  coverageGaps: z.array(z.string()),
});
export type UnitsFile = z.infer<typeof UnitsFileSchema>;

export const BranchStatSchema = z.object({
  branchId: z.string(),
  branchName: z.string(),
  unitId: z.string(),
  convener: z.string(),
  ...TallySchema.shape,
  /** Sessions of this branch in its period range. */
  sessionsHeld: count,
  rank: z.number().int().min(1).nullable(),
  funnel: FunnelSchema,
  outlook: OutlookCountsSchema,
});
export type BranchStat = z.infer<typeof BranchStatSchema>;

export const BranchesFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  periodId: z.string(),
  asOf: day,
  branches: z.array(BranchStatSchema),
  coverageGaps: z.array(z.string()),
});
export type BranchesFile = z.infer<typeof BranchesFileSchema>;

// ---------------------------------------------------------------- sessions (for branch pages)

export const SessionsFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  periodId: z.string(),
  sessions: z.array(z.object({
    sessionId: z.string(),
    branchId: z.string(),
    date: day,
    topic: z.string(),
    /** Distinct registered people who signed in. */
    attendees: count,
    /** The session's day lies inside the period (window.start … latest deadline, not after asOf). */
    inWindow: z.boolean(),
  })),
});
export type SessionsFile = z.infer<typeof SessionsFileSchema>;

// ---------------------------------------------------------------- summary.json

/** People flagged per 学时真实性 rule (integrity.json's totals), for the archived 通报. */
export const IntegrityPeopleSchema = z.object(Object.fromEntries(INTEGRITY_RULES.map((r) => [r, count])) as Record<(typeof INTEGRITY_RULES)[number], typeof count>);

export const SummaryFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  period: PeriodSchema,
  asOf: day,
  /** Days from asOf to window.end (0 once it has passed). */
  daysLeft: count,
  latestDeadline: day,
  totals: TallySchema.extend({ exempt: count, units: count, branches: count, coverageGaps: count }),
  byCategory: z.object({ 党员: TallySchema, 党外干部: TallySchema }),
  /** How many people have each totalHours value, ascending. */
  hoursDistribution: z.array(z.object({ hours: z.number(), people: count })),
  funnel: FunnelSchema,
  outlook: OutlookCountsSchema,
  /** 突击学习: rhythm.json's `cram`, here too so that each drop's 通报 (archived with its summary) can say it. */
  cram: CramSchema,
  /**
   * 学时真实性: people flagged per rule (integrity.json), here too so that each drop's 通报 can
   * say it; absent in outputs written before it existed.
   */
  integrity: IntegrityPeopleSchema.optional(),
});
export type SummaryFile = z.infer<typeof SummaryFileSchema>;

// ---------------------------------------------------------------- timeline.json

export const TimelineFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  days: z.array(z.object({
    date: day,
    /** People qualified on or before this day (cumulative). */
    qualified: count,
    /** People with credited watch time on this day. */
    activeViewers: count,
    /** Credited watch hours on this day; 2 decimals. */
    creditedWatchHours: z.number(),
    comments: count,
    attendance: count,
  })),
});
export type TimelineFile = z.infer<typeof TimelineFileSchema>;

// ---------------------------------------------------------------- courses.json

export const CoursesFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  courses: z.array(z.object({
    courseId: z.string(),
    title: z.string(),
    durationMin: z.number(),
    required: z.boolean(),
    /** People with any credited time on the course. */
    viewers: count,
    watched: count,
    commented: count,
    /** Median credited minutes among viewers; 2 decimals; 0 without viewers. */
    medianCreditedMinutes: z.number(),
  })),
});
export type CoursesFile = z.infer<typeof CoursesFileSchema>;

// ---------------------------------------------------------------- anomalies.json

const personRef = { personId: z.string(), name: z.string(), unitId: z.string(), branchId: z.string() };

export const AnomaliesFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  /** 并行播放: seconds during which two or more different courses played, discounted. */
  parallelPlayback: z.array(z.object({ ...personRef, seconds: count, courses: z.array(z.string()) })),
  /** Events outside a person's range, per file. */
  outsideWindow: z.array(z.object({ file: z.string(), events: count })),
  shortComments: z.array(z.object({ ...personRef, courseId: z.string(), chars: count, commentedAt: instant })),
  lateRegistrations: z.array(z.object({ ...personRef, registeredOn: day })),
  zeroActivity: z.array(z.object(personRef)),
  branchesWithoutSession: z.array(z.object({ branchId: z.string(), branchName: z.string(), unitId: z.string(), registered: count })),
});
export type AnomaliesFile = z.infer<typeof AnomaliesFileSchema>;

// ---------------------------------------------------------------- outlook.json (docs/analysis.md 预警)

export const OutlookPersonSchema = z.object({
  personId: z.string(),
  name: z.string(),
  unitId: z.string(),
  branchId: z.string(),
  state: OutlookStateSchema,
  /** Plain Chinese: what is missing, the pace shown, days without study — why this state. */
  reason: z.string(),
  /** The person's deadline day (extensions included) and the days from asOf to it. */
  deadline: day,
  daysLeft: count,
  /** Share of the hours' work done (online progress and offline hours), 0–1; 2 decimals. */
  progress: ratio,
  /** The last day with any study in range (a credited view, comment, session, self-study, report); null: none yet. */
  lastStudied: day.nullable(),
});
export type OutlookPerson = z.infer<typeof OutlookPersonSchema>;

export const OutlookFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  periodId: z.string(),
  asOf: day,
  /** The thresholds used: period.json `outlook`, defaults filled in. */
  thresholds: z.object({
    idleDays: count,
    unlikelyMissingShare: ratio,
    behindSlack: ratio,
    behindIdleDays: count,
    reportDays: count,
  }),
  totals: OutlookCountsSchema,
  /** Most at risk first: by state, then least progress, fewest days left, personId. */
  people: z.array(OutlookPersonSchema),
});
export type OutlookFile = z.infer<typeof OutlookFileSchema>;

// ---------------------------------------------------------------- rhythm.json (docs/analysis.md 学习节律)

export const RhythmFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  periodId: z.string(),
  asOf: day,
  /** Credited viewing seconds of everyone (whole seconds) = the sum of `cells`. */
  totalSeconds: count,
  /** Weekday (1 = 周一 … 7 = 周日) × hour (0–23, Beijing time): 168 cells, weekday by weekday. */
  cells: z.array(z.object({ weekday: z.number().int().min(1).max(7), hour: z.number().int().min(0).max(23), seconds: count })),
  /** 突击学习: the last `days` days up to the window's end or asOf, whichever is earlier. */
  cram: CramSchema,
  /** Per unit (sorted by unitId): credited seconds and the 突击 share. */
  units: z.array(z.object({ unitId: z.string(), seconds: count, cramSeconds: count, cramShare: ratio })),
});
export type RhythmFile = z.infer<typeof RhythmFileSchema>;

// ---------------------------------------------------------------- integrity.json

export const IntegrityRuleSchema = z.enum(INTEGRITY_RULES);

/** A comment as the copy-paste rule shows it (full edition only on the site; never in the public one). */
const commentRef = z.object({
  personId: z.string(),
  name: z.string(),
  unitId: z.string(),
  branchId: z.string(),
  courseId: z.string(),
  commentedAt: instant,
  /** The text as written (trimmed). */
  text: z.string(),
});

/** Flags and flagged people of one rule. */
const ruleCount = z.object({ flags: count, people: count });
const ruleCounts = z.object(Object.fromEntries(INTEGRITY_RULES.map((r) => [r, ruleCount])) as Record<(typeof INTEGRITY_RULES)[number], typeof ruleCount>);

export const IntegrityFlagSchema = z.object({
  /** Stable from drop to drop: a hash of the rule, the person and what identifies the evidence (day, start, comment). */
  id: z.string(),
  rule: IntegrityRuleSchema,
  personId: z.string(),
  name: z.string(),
  unitId: z.string(),
  branchId: z.string(),
  /** Not among the previous drop's flags (true when there is no previous drop). */
  new: z.boolean(),
  /** Why, in plain Chinese, without a name or a comment's text. */
  reason: z.string(),
  evidence: z.object({
    /** The Beijing day (daily-cap, night). */
    day: day.optional(),
    /** First and last instant of what was flagged (viewing rules). */
    from: instant.optional(),
    to: instant.optional(),
    /** Credited seconds flagged (parallel: seconds two or more courses played at once). */
    seconds: count.optional(),
    /** Course ids involved. */
    courses: z.array(z.string()),
    /** copy-paste: the cluster, this comment's course and instant, and the presumed original. */
    clusterId: z.string().optional(),
    commentedAt: instant.optional(),
    original: z.object({ personId: z.string(), courseId: z.string(), commentedAt: instant }).optional(),
    /** copy-paste: 1 − edit distance / longer normalised length, against the original. */
    similarity: ratio.optional(),
  }),
  /** Whether period.json `integrity.deduct` names this rule (its seconds or comment not credited). */
  deducted: z.boolean(),
});
export type IntegrityFlag = z.infer<typeof IntegrityFlagSchema>;

export const IntegrityFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  periodId: z.string(),
  asOf: day,
  /** The thresholds applied (period.json `integrity` with defaults). */
  settings: z.object({
    dailyCapHours: z.number(),
    nightMinutes: z.number(),
    marathonHours: z.number(),
    marathonGapMinutes: z.number(),
    copySimilarity: z.number(),
    copyMinChars: count,
    stockPhrases: count,
    deduct: z.array(IntegrityRuleSchema),
  }),
  /** The drop `new` was decided against, or null (no previous drop of the period). */
  previousAsOf: day.nullable(),
  totals: ruleCounts,
  /** Per unit and branch (every one, in units.json's / branches.json's order), flags and people per rule. */
  units: z.array(z.object({ unitId: z.string(), registered: count, rules: ruleCounts })),
  branches: z.array(z.object({ branchId: z.string(), unitId: z.string(), registered: count, rules: ruleCounts })),
  /** Sorted by rule (INTEGRITY_RULES order), then personId, then evidence. */
  flags: z.array(IntegrityFlagSchema),
  /** copy-paste clusters: the earliest comment (presumed original) and the later copies, by time. */
  clusters: z.array(z.object({
    id: z.string(),
    original: commentRef,
    copies: z.array(z.object({ ...commentRef.shape, flagId: z.string(), similarity: ratio })),
  })),
});
export type IntegrityFile = z.infer<typeof IntegrityFileSchema>;

// ---------------------------------------------------------------- quality.json

export const FileQualitySchema = z.object({
  /** Whether the file was in the dataset folder (optional files may be absent = empty). */
  present: z.boolean(),
  /**
   * Detected (or --encoding) character set; "xlsx" for an Excel workbook read in place of the
   * CSV (its first worksheet; a workbook has no character set); null for an absent file.
   */
  encoding: z.enum(['utf-8', 'gb18030', 'utf-16le', 'utf-16be', 'xlsx']).nullable(),
  /** Data rows (records after the header; wholly blank lines are not rows). */
  rows: count,
  accepted: count,
  rejected: count,
  duplicates: count,
  /** Accepted rows that fell outside a person's range. */
  ignored: count,
  /**
   * A paged export (`views.csv` + `views_2.csv`, `观看记录(1).csv` + `观看记录(2).csv`) read as
   * one file: each part's own counts, in reading order (rows = accepted + rejected + duplicates
   * for each; the file's counts above are their sums). Absent when the file is one part.
   */
  parts: z.array(z.object({
    /** The part's own name in the dataset folder. */
    file: z.string(),
    encoding: z.enum(['utf-8', 'gb18030', 'utf-16le', 'utf-16be', 'xlsx']),
    rows: count,
    accepted: count,
    rejected: count,
    duplicates: count,
  })).optional(),
});
export type FileQuality = z.infer<typeof FileQualitySchema>;

export const RejectedRowSchema = z.object({
  file: z.string(),
  /** Excel's row number: the header is row 1. */
  row: z.number().int().min(2),
  /** The column at fault (canonical Chinese header), or null when the row as a whole is. */
  column: z.string().nullable(),
  reason: z.string(),
  /** A paged export's part holding the row (its own name in the folder); `row` counts in that part. */
  part: z.string().optional(),
});
export type RejectedRow = z.infer<typeof RejectedRowSchema>;

export const WARNING_KINDS = [
  'lateRegistration', 'extensionClamped', 'blankRows', 'noRequiredCourses', 'asOfDerived', 'ignoredColumns',
  // docs/data-format.md "Real exports are messier still": a file found under another spelling (or as a
  // workbook), files in the folder that are no input, title lines before the header, footer
  // lines (合计/注：…) skipped, a header read as a near spelling of a known column.
  'fileNameVariant', 'otherFiles', 'titleLines', 'footerRows', 'headerMatched',
  // docs/gate.md: people qualified in the previous drop and not in this one (a 退回 review can do that).
  'noLongerQualified',
  // docs/gate.md: self_study, reviews or extensions absent (the publish gate's warning).
  'fileAbsent',
  // docs/gate.md: an asOf more than 60 days after the drop's latest event, or before events in it.
  'asOfImplausible',
  // docs/gate.md: one CSV file of the drop alone without a final line break (perhaps cut inside its last column).
  'unterminated',
] as const;

export const WarningSchema = z.object({
  kind: z.enum(WARNING_KINDS),
  file: z.string().nullable(),
  row: z.number().int().nullable(),
  message: z.string(),
});
export type Warning = z.infer<typeof WarningSchema>;

/** docs/gate.md: what makes a drop wrong as a whole (it must not be published as it is). */
export const BLOCKING_CODES = [
  'empty-roster', 'missing-file', 'mostly-rejected', 'shrunk',
  // docs/gate.md "Invariants, not a list of cases": what every correct drop shows.
  'unwitnessed-requirement', 'regressed', 'unit-shrunk', 'unread-export', 'empty-file', 'truncated',
  'outside-window', 'implausible-value',
] as const;

export const BlockingSchema = z.object({
  code: z.enum(BLOCKING_CODES),
  /** The file at fault (e.g. "views.csv"), or null when the drop as a whole is. */
  file: z.string().nullable(),
  /** Plain Chinese: what is wrong and what to do. */
  message: z.string(),
});
export type Blocking = z.infer<typeof BlockingSchema>;

export const QualityFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  periodId: z.string(),
  asOf: day,
  files: z.record(z.string(), FileQualitySchema),
  rejected: z.array(RejectedRowSchema),
  warnings: z.array(WarningSchema),
  /** docs/gate.md: blocking problems; the pipeline exits 3 when this is not empty. */
  blocking: z.array(BlockingSchema),
  /**
   * docs/gate.md (`shrunk` per unit): accepted records per unit (by unitId, sorted) and event file —
   * views, comments, attendance, self-study, reports and their reviews by the person's unit,
   * sessions by the branch's — so the next drop of the period can be compared unit by unit.
   * Absent in outputs of pipelines before it (then the comparison is by totals only).
   */
  byUnit: z.record(z.string(), z.record(z.string(), count)).optional(),
});
export type QualityFile = z.infer<typeof QualityFileSchema>;

// ---------------------------------------------------------------- history.json (docs/drops.md)

const dropRef = z.object({ periodId: z.string(), asOf: day });

/** One group's (unit's or branch's) figures in one drop: exactly what that drop's units/branches.json give. */
export const GroupDropSchema = z.object({
  periodId: z.string(),
  asOf: day,
  registered: count,
  qualified: count,
  rate: ratio,
  excellentRate: ratio,
  rank: z.number().int().min(1).nullable(),
  /** The group's 预警 counts in that drop. */
  outlook: OutlookCountsSchema,
});
export type GroupDrop = z.infer<typeof GroupDropSchema>;

export const HistoryDropSchema = z.object({
  periodId: z.string(),
  asOf: day,
  /** 第 N 期: 1-based position of the drop among its period's drops, by asOf. */
  ordinal: z.number().int().min(1),
  /** The drop's summary totals, field for field. */
  ...TallySchema.shape,
  /** The drop's 预警 counts (summary.json `outlook`): whether 督学 worked shows drop by drop. */
  outlook: OutlookCountsSchema,
});
export type HistoryDrop = z.infer<typeof HistoryDropSchema>;

export const HistoryFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  current: dropRef,
  /** The drop before the current one in the same period; null for a period's first drop. */
  previous: dropRef.nullable(),
  /** Every drop of every period: periods by window.start, drops by asOf. */
  drops: z.array(HistoryDropSchema),
  /** Sorted by unitId; each unit's drops in the order of `drops`, only those it appears in. */
  units: z.array(z.object({ unitId: z.string(), drops: z.array(GroupDropSchema) })),
  branches: z.array(z.object({ branchId: z.string(), drops: z.array(GroupDropSchema) })),
  /** 合格/优秀 now and not in the previous drop (sorted); null without a previous drop. */
  newlyQualified: z.array(z.string()).nullable(),
});
export type HistoryFile = z.infer<typeof HistoryFileSchema>;

// ---------------------------------------------------------------- ledger.json (docs/drops.md)

export const LedgerFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  year: z.number().int(),
  annualRequiredHours: z.number(),
  /** The current drop's asOf. */
  asOf: day,
  /** The year's periods (by window.start), each with the asOf of its latest drop. */
  periods: z.array(z.object({ periodId: z.string(), title: z.string(), asOf: day, requiredHours: z.number() })),
  people: z.array(z.object({
    personId: z.string(),
    name: z.string(),
    category: CategorySchema,
    unitId: z.string(),
    branchId: z.string(),
    /** Only the periods the person is registered in, in period order. */
    periods: z.array(z.object({ periodId: z.string(), grade: GradeSchema, totalHours: z.number() })),
    /** Σ requiredHours of the periods graded 合格 or 优秀. */
    creditedHours: z.number(),
    remainingHours: z.number(),
    /** Periods graded 不合格: 须重新申报、重新学习. */
    restudy: z.array(z.string()),
    /**
     * Hours of other training this year (other_training.csv at the data root: 党校 classes, other
     * courses); present only when the file is. They count towards the year: remainingHours =
     * max(0, annualRequiredHours − creditedHours − otherHours).
     */
    otherHours: z.number().optional(),
  })),
  /** other_training.csv as read (only when the data root has it): rows counted like every input. */
  otherTraining: z.object({
    file: z.literal('other_training.csv'),
    /** Data rows read = accepted + rejected + ignored. */
    rows: z.number().int(),
    accepted: z.number().int(),
    rejected: z.number().int(),
    /** Accepted rows dated in another year than the ledger's. */
    ignored: z.number().int(),
    /** Σ hours of the accepted rows. */
    hours: z.number(),
    rejectedRows: z.array(z.object({ row: z.number().int(), column: z.string().nullable(), reason: z.string() })),
  }).optional(),
});
export type LedgerFile = z.infer<typeof LedgerFileSchema>;

// ---------------------------------------------------------------- the archive of drops (for the 通报 archive)

/**
 * `--out DIR/drops/<dropFolder>/`: each drop's own summary.json and units.json (exactly the
 * drop's outputs, as the history store keeps them) and this digest, so that every archived
 * 通报 is rendered from its own drop and the one before it — never from a later drop.
 */
export const DropDigestSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  periodId: z.string(),
  asOf: day,
  ordinal: z.number().int().min(1),
  /** The drop before this one in its period, or null (a period's first drop: 首次统计). */
  previous: dropRef.nullable(),
  /** People 合格/优秀 in this drop and not in the previous one; null without a previous drop. */
  newlyQualified: count.nullable(),
  /** People 合格/优秀 in the previous drop and not in this one (a 退回 review); null without a previous drop. */
  noLongerQualified: count.nullable(),
});
export type DropDigest = z.infer<typeof DropDigestSchema>;

/** The files kept per drop under `drops/<dropFolder>/` of the output folder. */
export const DROP_ARCHIVE_FILES = ['summary.json', 'units.json', 'drop.json'] as const;

/**
 * A drop's folder below `drops/`: one path segment per part, safe whatever the period id holds
 * (`/`, `..`, spaces): percent-encoded, dots included.
 */
export function dropFolder(periodId: string, asOf: string): string {
  const segment = (s: string) => encodeURIComponent(s).replace(/\./g, '%2E');
  return `${segment(periodId)}/${segment(asOf)}`;
}

/** Every output file and its schema; the site loads them through this table. */
export const OUTPUT_FILES = {
  'people.json': PeopleFileSchema,
  'units.json': UnitsFileSchema,
  'branches.json': BranchesFileSchema,
  'sessions.json': SessionsFileSchema,
  'summary.json': SummaryFileSchema,
  'timeline.json': TimelineFileSchema,
  'courses.json': CoursesFileSchema,
  'anomalies.json': AnomaliesFileSchema,
  'quality.json': QualityFileSchema,
  'outlook.json': OutlookFileSchema,
  'rhythm.json': RhythmFileSchema,
  'integrity.json': IntegrityFileSchema,
} as const;
export type OutputName = keyof typeof OUTPUT_FILES;
