import type { ReportMessages } from './reportMessageTypes'

/** Simplified Chinese (mainland): the admin console's terms, e.g. 试题, 难度, 区分度, 合格率, 考位. */
export const REPORT_MESSAGES_ZH_HANS: ReportMessages = {
  reportTitle: '成绩报告',
  generated: ({ at, source, exams, candidates }) => [
    '生成时间：',
    at,
    `；数据来源：${source}；共 ${String(exams)} 场考试、${String(candidates)} 名考生。`,
  ],
  examsNav: '考试',
  examLink: ({ examId, candidates }) => `（${examId}，${String(candidates)} 名考生）`,
  noResults: '没有可报告的成绩。',
  incidentsHeading: '事故报告',
  incidentsNone: '本场考试没有职员在考场主控台撰写事故报告。',
  incidentsCaption: ({ count }) => `职员在考场主控台撰写的 ${String(count)} 份报告，按时间先后排列`,
  incidentColumns: { reportedAt: '撰写时间', seat: '座位', candidate: '考生', staff: '职员', text: '报告内容' },

  legendTitle: '如何阅读本报告',
  legendDifficulty: {
    term: 'p（难度）',
    text: '：考生在该题得到的分数占该题分值的比例（得分 ÷ 可得分数）；数值越高表示越容易。',
  },
  legendDiscrimination: {
    term: 'r（区分度）',
    text: '：校正后的点二列相关，即该题得分与扣除该题后总分的相关系数。考生少于 3 人或得分没有差异时显示“–”。',
  },
  legendPending: '尚待评分的简答题不计入 p、r 和合格率；评分前在总分中按 0 分计算。',
  legendReview: {
    term: '⚑ 需检查',
    text: ({ tooHard, tooEasy, lowDiscrimination }) =>
      `：标出 p 低于 ${tooHard} 或高于 ${tooEasy}、r 低于 ${lowDiscrimination} 或为负值，或有错误选项被选择的次数多于正确答案的试题。`,
  },
  legendChoices: '选项作答次数按题库中的选项字母统计，与考生看到的选项顺序无关；多选题的答案每选一个字母计一次。',

  review: {
    too_hard: ({ threshold }) => `过难（p < ${threshold}）`,
    too_easy: ({ threshold }) => `过易（p > ${threshold}）`,
    low_discrimination: ({ threshold }) => `区分度低（r < ${threshold}）`,
    negative_discrimination: () => '区分度为负',
    distractor_beats_key: () => '干扰项多于正确答案',
  },
  kind: { single: '单选题', multiple: '多选题', true_false: '判断题', text: '简答题', unknown: '未知' },
  verdictPending: (pending) => `待评分（${String(pending)} 题待评）`,
  verdictPassed: '合格',
  verdictFailed: '不合格',
  passed: '合格',
  failed: '不合格',
  pendingGrading: '待评分',
  noPassMark: '未设合格分',

  summary: {
    candidates: '考生人数',
    maxScore: '满分',
    meanScore: '平均分',
    medianScore: '中位数',
    sd: '标准差（n − 1）',
    range: '最低分 – 最高分',
    passMark: '合格分',
    passRate: '合格率（不含待评分）',
    medianTime: '所用时间中位数',
  },

  scoresHeading: '分数',
  itemsHeading: '试题分析',
  optionsHeading: '选项作答分布',
  candidatesHeading: '考生',

  scoreFigure: '分数分布',
  scoreCaption: ({ passMark }) =>
    `各总分区间的考生人数（分）${passMark === null ? '' : `；橙色柱表示整个区间低于合格分 ${passMark}`}`,
  scoreColumn: '分数',
  candidatesColumn: '考生人数',
  passFigure: '合格率',
  verdictsCaption: '判定结果',
  verdictColumn: '结果',
  timeFigure: '所用时间',
  timeCaption: '按所用时间占限时比例统计的考生人数',
  timeColumn: '所用时间',

  itemsFigure: '各试题的难度与区分度',
  itemsCaption: '试题分析：难度 p、区分度 r（该题与扣除该题后总分的相关）、未作答、考生标记、需检查标识',
  itemColumns: {
    item: '试题',
    kind: '题型',
    max: '分值',
    n: 'n',
    p: 'p',
    r: 'r',
    omitted: '未作答',
    flagged: '考生标记',
    pending: '待评',
    review: '需检查',
  },

  keyNote: (source) =>
    `${source === 'bank' ? '正确答案取自考试题库。' : '此考试未提供题库：标出的正确答案是得满分的考生所选的选项；没有人完全答对的试题不标正确答案。'}正确答案标为“✓ 正确答案”并以绿色显示。`,
  noChoiceItems: '没有选择题。',
  optionFigure: ({ item, kind }) => `试题 ${item}（${kind}）`,
  optionCaption: ({ item, candidates, omitted }) =>
    `试题 ${item}：选项分布（${String(candidates)} 名考生，${omitted} 未作答）`,
  optionColumns: { option: '选项', chosen: '选择人数', share: '比例' },
  keyMark: '✓ 正确答案',
  trueFalse: { true: '正确', false: '错误' },

  candidatesCaption: (count) => `考生（${String(count)}）`,
  candidateColumns: {
    candidate: '考生编号',
    name: '姓名',
    station: '考位',
    session: '考试记录',
    score: '分数',
    result: '结果',
    timeUsed: '所用时间',
  },
  timeOf: ({ used, allowed }) => `${used} / ${allowed}`,

  chart: {
    scoreAxis: '总分（分）',
    candidatesAxis: '考生人数',
    timeAxis: '所用时间占限时比例',
    itemAxis: '试题',
    ratioAxis: 'p / r',
    optionAxis: '选项',
    difficultyDataset: '难度 p（得分比例）',
    discriminationDataset: '区分度 r（校正点二列相关）',
    scoreSummary: ({ candidates, max, peak, peakRange, mean }) =>
      `${String(candidates)} 名考生的总分直方图，满分 ${max} 分；人数最多的区间为 ${peakRange} 分（${String(peak)} 人）；平均 ${mean} 分。`,
    passSummary: ({ rate, parts }) =>
      `合格率 ${rate}：${parts.map(({ label, count }) => `${label} ${String(count)}`).join('、') || '没有成绩'}。`,
    timeSummary: ({ candidates, mean }) => `${String(candidates)} 名考生所用时间占限时比例的直方图；平均 ${mean}。`,
    itemSummary: ({ items, flagged }) =>
      `${String(items)} 道试题的难度（p）与区分度（r）；` +
      (flagged.length > 0 ? `${String(flagged.length)} 题需检查：${flagged.join('、')}。` : '没有需检查的试题。'),
    optionSummary: ({ item, candidates, keys, top, omitted }) =>
      `试题 ${item} 的选项分布（${String(candidates)} 名考生）；正确答案 ${keys.join('、') || '未知'}；` +
      `选择最多 ${top ? `${top.choice}（${top.share}）` : '无'}；未作答 ${omitted}。`,
  },
}
