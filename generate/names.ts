/**
 * Name pools of a Xinjiang prefecture (巴音郭楞蒙古自治州-like): departments and their
 * subordinate units, and people's names — Han, Uyghur and Mongol, the last two transliterated
 * with the middle dot "·" (U+00B7, which GBK has, unlike "•"). Every character here has a
 * two-byte GB18030 code, because roster.csv is saved as GBK.
 */
import type { Random } from './random.ts';

/** Prefecture-level departments (州直部门), in the order units are numbered. */
export const DEPARTMENTS = [
  '州委办公室', '州人大常委会办公室', '州政府办公室', '州政协办公室', '州纪委监委', '州委组织部',
  '州委宣传部', '州委统战部', '州委政法委', '州发展改革委', '州教育局', '州财政局', '州公安局',
  '州人社局', '州自然资源局', '州生态环境局', '州住建局', '州交通运输局', '州水利局', '州农业农村局',
  '州商务局', '州文旅局', '州卫健委', '州审计局', '州统计局', '州市场监管局', '州林草局', '州医保局',
  '州信访局', '州委党校', '州委编办', '州委网信办', '州科技局', '州工信局', '州民政局', '州司法局',
  '州退役军人事务局', '州应急管理局', '州国资委', '州民宗委', '州体育局', '州外事办', '州档案馆',
  '州总工会', '团州委', '州妇联', '州科协', '州文联', '州残联', '州供销社', '州融媒体中心',
] as const;

/** Subordinate units (所属单位), used once the departments are used up. */
export const SUBORDINATE_UNITS = [
  '州财政局国库支付中心', '州人社局社会保险管理中心', '州自然资源局不动产登记中心',
  '州卫健委疾病预防控制中心', '州教育局教育教学研究室', '州水利局水利工程管理处',
  '州农业农村局农业技术推广中心', '州林草局林业工作站', '州市场监管局产品质量检验所',
  '州生态环境局环境监测站', '州住建局住房公积金管理中心', '州文旅局图书馆',
  '州交通运输局公路养护中心', '州医保局医疗保险服务中心', '州公安局交通警察支队',
  '州审计局审计信息中心', '州统计局普查中心', '州商务局口岸服务中心',
] as const;

/** Relative head counts: the police and schools are large, the petition office small. */
const SIZE_FACTORS: Record<string, number> = {
  州公安局: 3, 州教育局: 2, 州卫健委: 2, 州委党校: 1.3, 州财政局: 1.4, 州自然资源局: 1.3,
  州信访局: 0.5, 州统计局: 0.6, 州外事办: 0.4, 州档案馆: 0.5, 州委编办: 0.5, 州委网信办: 0.5,
};

export function sizeFactor(unitName: string): number {
  return SIZE_FACTORS[unitName] ?? 1;
}

/** `count` unit names: departments, then subordinate units, then numbered repeats "州财政局（2）". */
export function unitNames(count: number): string[] {
  const base = [...DEPARTMENTS, ...SUBORDINATE_UNITS];
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const round = Math.floor(i / base.length);
    const name = base[i % base.length];
    names.push(round === 0 ? name : `${name}（${round + 1}）`);
  }
  return names;
}

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Branch names of a unit with `count` branches: 机关党支部, or 机关第一党支部… 直属单位党支部. */
export function branchNames(unitName: string, count: number, rng: Random): string[] {
  if (count === 1) return [`${unitName}机关党支部`];
  const names = Array.from({ length: count }, (_, i) => `${unitName}机关第${ORDINALS[i]}党支部`);
  if (count >= 4 && rng.chance(0.5)) names[count - 1] = `${unitName}直属单位党支部`;
  return names;
}

const HAN_SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何',
  '郭', '马', '罗', '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '萧', '程', '曹', '袁', '邓',
  '许', '傅', '沈', '曾', '彭', '吕', '苏', '卢', '蒋', '蔡', '贾', '丁', '魏', '薛', '叶', '阎', '余',
  '潘', '杜', '戴', '夏', '钟', '汪', '田', '任', '姜', '范', '方', '石', '姚', '谭', '廖', '邹', '熊',
  '金', '陆', '郝', '孔', '白', '崔', '康', '毛', '邱', '秦', '江', '史', '顾', '侯', '邵', '孟', '龙',
  '万', '段', '雷', '钱', '汤', '尹', '黎', '易', '常', '武', '乔', '贺', '赖', '龚', '文', '欧阳',
];

const HAN_GIVEN = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超',
  '秀', '霞', '平', '刚', '桂', '英', '华', '建', '国', '红', '玉', '兰', '文', '辉', '鹏', '斌', '宇',
  '浩', '凯', '健', '俊', '帆', '旭', '宁', '龙', '林', '欣', '晨', '晓', '东', '海', '波', '峰', '雪',
  '梅', '琳', '丹', '倩', '颖', '佳', '婷', '慧', '萍', '燕', '新', '疆', '志', '永', '春', '立', '学',
  '莉', '亮', '成', '荣', '军', '瑞', '天', '振', '卫', '蕾', '薇', '晶', '阳', '鑫', '博', '嘉', '悦',
];

const UYGHUR_MALE = [
  '艾力', '买买提', '阿不都热合曼', '艾买提', '吐尔逊', '艾尔肯', '热合曼', '阿迪力', '伊力哈木',
  '买买提江', '阿力木', '艾克拜尔', '迪力夏提', '库尔班', '吾斯曼', '玉苏甫', '亚森', '阿布来提',
  '麦麦提', '努尔买买提', '依明', '艾山', '吾买尔', '塔依尔', '阿里木江', '帕尔哈提', '肉孜', '司马义',
  '艾则孜', '吐尔洪', '阿卜杜拉', '尼加提', '沙吾提', '哈力克', '买合木提', '阿不力孜',
];

const UYGHUR_FEMALE = [
  '古丽', '阿依古丽', '热依拉', '迪丽努尔', '帕提古丽', '努尔古丽', '再努尔', '米热古丽', '阿依努尔',
  '祖丽菲亚', '古再丽努尔', '热娜', '阿依夏木', '布阿依夏木', '玛依拉', '帕丽达', '热孜亚', '阿米娜',
  '图尔荪古丽', '迪娜拉', '美合日班', '萨拉', '祖力皮亚', '努尔妮萨',
];

const MONGOL_MALE = [
  '巴图', '孟和', '额尔登', '巴特尔', '苏和', '宝音', '朝鲁', '阿拉坦', '达来', '敖其尔', '布仁',
  '吉日嘎拉', '满都拉', '那木吉拉', '道尔吉', '才仁', '巴音', '加甫', '策登', '那顺', '特古斯',
  '乌力吉', '莫日根', '桑杰', '额尔德尼', '哈斯',
];

const MONGOL_FEMALE = ['其其格', '乌兰', '图雅', '乌日娜', '娜仁', '斯琴', '萨仁', '乌云', '格日勒', '哈斯', '琪琪格', '托娅'];

export type Ethnicity = '汉族' | '维吾尔族' | '蒙古族' | '回族';
export type Gender = '男' | '女';

export const ETHNICITY_SHARES: readonly (readonly [Ethnicity, number])[] = [
  ['汉族', 0.55], ['维吾尔族', 0.33], ['蒙古族', 0.08], ['回族', 0.04],
];

/** A person's name: Han and Hui "姓名", Uyghur and Mongol "本名·父名". */
export function personName(rng: Random, ethnicity: Ethnicity, gender: Gender): string {
  if (ethnicity === '维吾尔族') {
    return `${rng.pick(gender === '男' ? UYGHUR_MALE : UYGHUR_FEMALE)}·${rng.pick(UYGHUR_MALE)}`;
  }
  if (ethnicity === '蒙古族') {
    return `${rng.pick(gender === '男' ? MONGOL_MALE : MONGOL_FEMALE)}·${rng.pick(MONGOL_MALE)}`;
  }
  const given = rng.pick(HAN_GIVEN) + (rng.chance(0.7) ? rng.pick(HAN_GIVEN) : '');
  return rng.pick(HAN_SURNAMES) + given;
}

/** County codes of the prefecture (库尔勒市, 轮台县, 尉犁县…) for ID-card numbers. */
const COUNTY_CODES = ['652801', '652822', '652823', '652824', '652825', '652826', '652827', '652828', '652829'];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * A fake but well-formed resident ID number (GB 11643: county, birth date, sequence whose parity
 * is the gender, ISO 7064 check digit) — only there so the pipeline can prove it drops it.
 */
export function idCardNumber(rng: Random, gender: Gender): string {
  const year = rng.integer(1961, 1996);
  const month = rng.integer(1, 12);
  const day = rng.integer(1, 28);
  const seq = rng.integer(0, 49) * 2 + (gender === '男' ? 1 : 0) + 100 * rng.integer(0, 9);
  const body = `${rng.pick(COUNTY_CODES)}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * ID_WEIGHTS[i];
  return body + ID_CHECK[sum % 11];
}

const MOBILE_PREFIXES = ['133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '158', '159', '177', '180', '181', '182', '186', '187', '189', '199'];

export function mobileNumber(rng: Random): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.integer(0, 99_999_999)).padStart(8, '0');
}
