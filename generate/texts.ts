/**
 * The free text of the dataset: course titles, comments, session topics, self-study notes,
 * report titles and review remarks, in the register of a Chinese party-school platform. A few
 * pieces deliberately hold an ASCII comma, ASCII double quotes or a line break, so every CSV
 * reader downstream meets quoted and multi-line fields.
 */
import { mixSeed, Random } from './random.ts';

/** Course titles on the 4th Plenary Session of the 19th Central Committee; short name for comments. */
export const COURSE_TOPICS: readonly (readonly [title: string, short: string])[] = [
  ['深入学习贯彻党的十九届四中全会精神', '全会精神'],
  ['坚持和完善中国特色社会主义制度、推进国家治理体系和治理能力现代化', '国家治理现代化'],
  ['坚持和完善党的领导制度体系', '党的领导制度'],
  ['坚持和完善人民当家作主制度体系', '人民当家作主'],
  ['坚持和完善中国特色社会主义法治体系', '法治体系'],
  ['坚持和完善社会主义基本经济制度', '基本经济制度'],
  ['坚持和完善繁荣发展社会主义先进文化的制度', '先进文化制度'],
  ['坚持和完善统筹城乡的民生保障制度', '民生保障制度'],
  ['坚持和完善共建共治共享的社会治理制度', '社会治理制度'],
  ['坚持和完善生态文明制度体系', '生态文明制度'],
  ['坚持和完善党和国家监督体系', '监督体系'],
  ['新时代党的治疆方略与社会稳定和长治久安', '治疆方略'],
  ['巩固深化“不忘初心、牢记使命”主题教育成果', '主题教育'],
  ['《中国共产党党员教育管理工作条例》解读', '党员教育管理'],
];

const OPENERS = ['通过学习', '认真观看了', '今天学习了', '收看了', '仔细学习了', '集中学习了', '反复观看'];

const INSIGHTS: readonly string[] = [
  '深刻认识到坚持和完善中国特色社会主义制度的重大意义',
  '进一步增强了“四个意识”、坚定了“四个自信”、做到了“两个维护”',
  '对推进国家治理体系和治理能力现代化有了更深的理解',
  '深受启发，收获很大',
  '感到很受教育，思想上得到了洗礼',
  '更加认识到制度优势是党和国家的最大优势',
  '进一步明确了新时代的使命和担当',
  '对全会提出的总体目标有了更加全面的把握',
];

const RESOLUTIONS: readonly string[] = [
  '今后要把学习成果转化为做好本职工作的实际行动',
  '要立足岗位、履职尽责，为社会稳定和长治久安贡献力量',
  '将结合工作实际，学以致用',
  '在今后的工作中要以更高标准严格要求自己',
  '切实把思想和行动统一到全会精神上来',
  '要带头学、深入学，做到学思用贯通、知信行统一',
];

/** Comments with characters a CSV writer must quote: ASCII comma, ASCII quotes, a line break. */
const TRICKY_COMMENTS: readonly string[] = [
  '学习了,很受启发,要把全会精神落实到具体工作中',
  '视频讲得很透彻,特别是关于制度优势的部分,值得反复学习',
  '老师讲的"两个维护"令我印象深刻，今后要始终坚持',
  '学习体会：\n一是提高了政治站位；\n二是明确了努力方向。',
  '"坚持和完善"这几个字分量很重,要学深悟透',
];

/** Under 10 characters once trimmed (the platform's minimum for a comment to count). */
export const SHORT_COMMENTS = ['学习了', '好', '已学习', '学习', '很好', '受益匪浅', '认真学习', '已观看', '学习了，受教育', '认真学习，深刻领会', '  好的  ', '学习了        '];

/** Exactly 10 characters: the smallest comment that counts. */
export const TEN_CHAR_COMMENT = '认真学习，深刻领会。';

// What makes one person's comment their own: clauses of four two-character words, each drawn
// from its list. Real comments by different people share the course's words but differ in
// most of the rest; with a few stock sentences only, every comment would be a near-copy of
// hundreds of others and the copy-paste rule (docs/analysis.md) would flag nearly everyone.
const FIELDS = [...'基层党建群众作风纪律制度理论业务队伍思想廉政服务民生法治文化生态经济安全稳定教育宣传组织统战政法财务人事信访审计统计档案后勤窗口社区乡村企业学校医院交通水利农业林业牧区边境口岸城建环保卫生就业社保税务金融科技网络舆情应急消防粮食扶贫'.matchAll(/../gu)].map((m) => m[0]);
const ACTIONS = [...'加强提升改进落实推进完善强化规范深化夯实优化创新抓好严守健全筑牢增强转变压实把握坚持做实守住补齐聚焦突出带动引领服务保障'.matchAll(/../gu)].map((m) => m[0]);
const OBJECTS = [...'责任本领能力意识机制质量效率标准底线阵地基础水平担当短板措施流程成效作风思路方法制度纪律作用形象根基信念初心品质实效细节'.matchAll(/../gu)].map((m) => m[0]);

/**
 * Three to five clauses of the writer's own, drawn from a generator seeded by `seed` — the
 * comment's first draw, so that the main stream of draws (and every other file) stays as it was.
 */
function ownClauses(seed: number): string {
  const own = new Random(mixSeed(Math.floor(seed * 4294967296), 0x636f6d6d));
  const n = own.integer(3, 5);
  const clauses: string[] = [];
  for (let i = 0; i < n; i++) clauses.push(`${own.pick(FIELDS)}${own.pick(FIELDS)}要${own.pick(ACTIONS)}${own.pick(OBJECTS)}`);
  return clauses.join('，');
}

/** A comment of at least 10 characters on the course with short name `short`. */
export function longComment(rng: Random, short: string, theme: Theme = PLENUM_THEME): string {
  const r = rng.next();
  if (r < 0.02) return `${rng.pick(theme.trickyComments)}\n${ownClauses(r)}`;
  if (r < 0.03) return TEN_CHAR_COMMENT;
  const insight = rng.pick(theme.insights);
  // (The insight and resolution are still drawn, so that the main stream stays as it was.)
  if (r < 0.35) return `${rng.pick(OPENERS)}“${short}”专题课件，${insight.length > 0 ? '' : insight}${ownClauses(r)}。`;
  const opener = rng.pick(OPENERS), resolution = rng.pick(theme.resolutions);
  return `${opener}《${short}》，${ownClauses(r)}，${resolution.length > 0 ? '' : resolution}深受教育。`;
}

export function shortComment(rng: Random): string {
  return rng.pick(SHORT_COMMENTS);
}

const SESSION_TOPICS: readonly string[] = [
  '集中学习党的十九届四中全会《决定》',
  '专题研讨：坚持和完善党和国家监督体系',
  '观看专题辅导视频并交流研讨',
  '学习习近平总书记在全会第二次全体会议上的讲话',
  '“党校到支部”集中学习暨主题党日活动',
  '围绕推进国家治理体系和治理能力现代化开展讨论',
  '学习《中国共产党党员教育管理工作条例》',
  '学习新时代党的治疆方略，交流心得',
  '集中学习,交流研讨',
  '学习"四中全会"公报并开展研讨',
  '集中学习全会精神\n（第二阶段）',
];

export function sessionTopic(rng: Random, theme: Theme = PLENUM_THEME): string {
  return rng.pick(theme.sessionTopics);
}

const SELF_STUDY_NOTES: readonly string[] = [
  '自学《决定》全文并撰写读书笔记',
  '学习《习近平谈治国理政》第三卷相关篇目',
  '通过“学习强国”学习全会精神',
  '自学《中国共产党章程》及相关党内法规',
  '研读全会公报，撰写学习笔记',
  '学习《人民日报》评论员文章,摘抄要点',
  '自学全会精神辅导读本\n完成笔记约3000字',
  '',
];

export function selfStudyNote(rng: Random, theme: Theme = PLENUM_THEME): string {
  return rng.pick(theme.selfStudyNotes);
}

const MEMBER_REPORT_TITLES: readonly string[] = [
  '坚定制度自信 践行初心使命', '学习十九届四中全会精神的体会', '以制度优势推动工作落实',
  '对标对表找差距 立足岗位作贡献', '牢记党员身份 增强“四个意识”', '学深悟透全会精神,做合格党员',
];

const NON_MEMBER_REPORT_TITLES: readonly string[] = [
  '学习党的十九届四中全会精神心得体会', '提高政治站位 增强制度认同', '学习"国家治理现代化"的几点体会',
  '党外干部学习全会精神的认识和收获',
];

export function reportTitle(rng: Random, member: boolean, ordinal: number, theme: Theme = PLENUM_THEME): string {
  if (member) return `党费日+报告（第${ordinal}期）：${rng.pick(theme.memberReportTitles)}`;
  return rng.pick(theme.nonMemberReportTitles);
}

/**
 * The topic-bound texts of one period: its courseware and what people write and study about it.
 * Each period of the year has its own topic (the notice of each quarter names it); the rest of
 * the texts (openers, short comments, review remarks, roles) are the same every period.
 */
export interface Theme {
  readonly courses: readonly (readonly [title: string, short: string])[];
  readonly insights: readonly string[];
  readonly resolutions: readonly string[];
  readonly trickyComments: readonly string[];
  readonly sessionTopics: readonly string[];
  readonly selfStudyNotes: readonly string[];
  readonly memberReportTitles: readonly string[];
  readonly nonMemberReportTitles: readonly string[];
}

/** 2020-01: the 4th Plenary Session of the 19th Central Committee (the seed's period). */
export const PLENUM_THEME: Theme = {
  courses: COURSE_TOPICS, insights: INSIGHTS, resolutions: RESOLUTIONS, trickyComments: TRICKY_COMMENTS,
  sessionTopics: SESSION_TOPICS, selfStudyNotes: SELF_STUDY_NOTES,
  memberReportTitles: MEMBER_REPORT_TITLES, nonMemberReportTitles: NON_MEMBER_REPORT_TITLES,
};

/** 2020-02 (second quarter): epidemic control and economic and social development, side by side. */
export const RECOVERY_THEME: Theme = {
  courses: [
    ['统筹推进新冠肺炎疫情防控和经济社会发展工作', '统筹推进'],
    ['在统筹推进新冠肺炎疫情防控和经济社会发展工作部署会议上的讲话精神解读', '部署会议讲话'],
    ['坚决打赢疫情防控的人民战争、总体战、阻击战', '疫情防控阻击战'],
    ['毫不放松抓好常态化疫情防控', '常态化防控'],
    ['扎实做好“六稳”工作、全面落实“六保”任务', '六稳六保'],
    ['决战决胜脱贫攻坚', '脱贫攻坚'],
    ['有序推动复工复产', '复工复产'],
    ['全面建成小康社会的目标任务', '全面小康'],
    ['发挥基层党组织战斗堡垒作用和党员先锋模范作用', '战斗堡垒'],
    ['新时代党的治疆方略与社会稳定和长治久安', '治疆方略'],
    ['疫情防控中的依法防控与社会治理', '依法防控'],
    ['大力弘扬伟大抗疫精神', '抗疫精神'],
    ['《中国共产党党员教育管理工作条例》解读', '党员教育管理'],
    ['全国两会精神解读', '两会精神'],
  ],
  insights: [
    '深刻认识到统筹推进疫情防控和经济社会发展的重大意义',
    '进一步增强了“四个意识”、坚定了“四个自信”、做到了“两个维护”',
    '对做好“六稳”工作、落实“六保”任务有了更深的理解',
    '深受启发，收获很大',
    '感到很受教育，思想上得到了洗礼',
    '更加认识到人民至上、生命至上的深刻内涵',
    '进一步明确了决战决胜脱贫攻坚的使命和担当',
    '对常态化疫情防控的要求有了更加全面的把握',
  ],
  resolutions: [
    '今后要把学习成果转化为做好本职工作的实际行动',
    '要立足岗位、履职尽责，为社会稳定和长治久安贡献力量',
    '将结合工作实际，学以致用',
    '要一手抓疫情防控、一手抓经济社会发展',
    '切实把思想和行动统一到党中央决策部署上来',
    '要带头学、深入学，做到学思用贯通、知信行统一',
  ],
  trickyComments: [
    '学习了,很受启发,要把疫情防控和复工复产两手抓好',
    '视频讲得很透彻,特别是关于"六稳""六保"的部分,值得反复学习',
    '老师讲的"人民至上、生命至上"令我印象深刻，今后要始终坚持',
    '学习体会：\n一是提高了政治站位；\n二是明确了努力方向。',
    '"统筹推进"这几个字分量很重,要学深悟透',
  ],
  sessionTopics: [
    '集中学习统筹推进疫情防控和经济社会发展重要讲话精神',
    '专题研讨：扎实做好“六稳”工作、全面落实“六保”任务',
    '观看专题辅导视频并交流研讨',
    '学习全国两会精神',
    '“党校到支部”集中学习暨主题党日活动',
    '围绕决战决胜脱贫攻坚开展讨论',
    '学习《中国共产党党员教育管理工作条例》',
    '学习新时代党的治疆方略，交流心得',
    '集中学习,交流研讨',
    '学习"六稳""六保"并开展研讨',
    '集中学习常态化疫情防控要求\n（第二阶段）',
  ],
  selfStudyNotes: [
    '自学统筹推进疫情防控和经济社会发展重要讲话并撰写读书笔记',
    '学习《习近平谈治国理政》相关篇目',
    '通过“学习强国”学习全国两会精神',
    '自学《中国共产党章程》及相关党内法规',
    '研读《政府工作报告》，撰写学习笔记',
    '学习《人民日报》评论员文章,摘抄要点',
    '自学疫情防控知识读本\n完成笔记约3000字',
    '',
  ],
  memberReportTitles: [
    '两手抓两手硬 践行初心使命', '学习统筹推进疫情防控和经济社会发展讲话精神的体会', '立足岗位抓落实 助力复工复产',
    '对标对表找差距 立足岗位作贡献', '牢记党员身份 增强“四个意识”', '做好"六稳"落实"六保",做合格党员',
  ],
  nonMemberReportTitles: [
    '学习统筹推进疫情防控和经济社会发展重要讲话精神心得体会', '提高政治站位 凝聚发展合力', '学习"六稳""六保"的几点体会',
    '党外干部学习全国两会精神的认识和收获',
  ],
};

export const REVIEW_REMARKS = {
  通过: ['内容充实，符合要求', '联系实际较好', '同意通过', '结构完整，观点明确', ''],
  推荐: ['思想深刻，联系实际紧密，推荐为优秀报告', '推荐至州委党校', '有真情实感,推荐'],
  退回: ['内容过于简略，请补充完善', '未联系本人工作实际，请修改后重新提交', '与主题不符，退回修改', '篇幅不足,请按"党费日+报告"要求重写'],
} as const;

export const LEADER_ROLES = ['县级领导', '副县级领导', '正县级领导'] as const;
export const STAFF_ROLES = ['一级科员', '二级科员', '四级主任科员', '三级主任科员', '科长', '副科长', '办事员', '专业技术人员', '工勤人员', ''] as const;
