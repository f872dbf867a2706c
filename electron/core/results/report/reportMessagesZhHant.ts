import type { ReportMessages } from './reportMessageTypes'

/** Traditional Chinese (Taiwan): the admin console's terms, e.g. 試題, 難度, 鑑別度, 合格率, 考位. */
export const REPORT_MESSAGES_ZH_HANT: ReportMessages = {
  reportTitle: '成績報告',
  generated: ({ at, source, exams, candidates }) => [
    '產生時間：',
    at,
    `；資料來源：${source}；共 ${String(exams)} 場考試、${String(candidates)} 名考生。`,
  ],
  examsNav: '考試',
  examLink: ({ examId, candidates }) => `（${examId}，${String(candidates)} 名考生）`,
  noResults: '沒有可報告的成績。',
  incidentsHeading: '事故報告',
  incidentsNone: '本場考試未有職員在考場主控台撰寫事故報告。',
  incidentsCaption: ({ count }) => `職員在考場主控台撰寫的 ${String(count)} 份報告，由舊至新`,
  incidentColumns: { reportedAt: '撰寫時間', seat: '座位', candidate: '考生', staff: '職員', text: '報告內容' },

  legendTitle: '如何閱讀本報告',
  legendDifficulty: {
    term: 'p（難度）',
    text: '：考生在該題取得的分數佔該題分值的比例（得分 ÷ 可得分數）；數值越高表示越容易。',
  },
  legendDiscrimination: {
    term: 'r（鑑別度）',
    text: '：校正後的點二系列相關，即該題得分與扣除該題後總分的相關係數。考生少於 3 人或得分沒有差異時顯示「–」。',
  },
  legendPending: '尚待評分的簡答題不計入 p、r 與合格率；評分前在總分中以 0 分計算。',
  legendReview: {
    term: '⚑ 需檢視',
    text: ({ tooHard, tooEasy, lowDiscrimination }) =>
      `：標示 p 低於 ${tooHard} 或高於 ${tooEasy}、r 低於 ${lowDiscrimination} 或為負值，或有錯誤選項被選擇的次數多於正確答案的試題。`,
  },
  legendChoices: '選項作答次數依題庫中的選項字母統計，與考生看到的選項順序無關；多選題的答案每選一個字母計一次。',

  review: {
    too_hard: ({ threshold }) => `過難（p < ${threshold}）`,
    too_easy: ({ threshold }) => `過易（p > ${threshold}）`,
    low_discrimination: ({ threshold }) => `鑑別度低（r < ${threshold}）`,
    negative_discrimination: () => '鑑別度為負',
    distractor_beats_key: () => '誘答選項多於正確答案',
  },
  kind: { single: '單選題', multiple: '多選題', true_false: '判斷題', text: '簡答題', unknown: '未知' },
  verdictPending: (pending) => `待評分（${String(pending)} 題待評）`,
  verdictPassed: '合格',
  verdictFailed: '不合格',
  passed: '合格',
  failed: '不合格',
  pendingGrading: '待評分',
  noPassMark: '未設合格分',

  summary: {
    candidates: '考生人數',
    maxScore: '滿分',
    meanScore: '平均分',
    medianScore: '中位數',
    sd: '標準差（n − 1）',
    range: '最低分 – 最高分',
    passMark: '合格分',
    passRate: '合格率（不含待評分）',
    medianTime: '所用時間中位數',
  },

  scoresHeading: '分數',
  itemsHeading: '試題分析',
  optionsHeading: '選項作答分佈',
  candidatesHeading: '考生',

  scoreFigure: '分數分佈',
  scoreCaption: ({ passMark }) =>
    `各總分區間的考生人數（分）${passMark === null ? '' : `；橘色長條表示整個區間低於合格分 ${passMark}`}`,
  scoreColumn: '分數',
  candidatesColumn: '考生人數',
  passFigure: '合格率',
  verdictsCaption: '判定結果',
  verdictColumn: '結果',
  timeFigure: '所用時間',
  timeCaption: '依所用時間佔限時比例統計的考生人數',
  timeColumn: '所用時間',

  itemsFigure: '各試題的難度與鑑別度',
  itemsCaption: '試題分析：難度 p、鑑別度 r（該題與扣除該題後總分的相關）、未作答、考生標記、需檢視標示',
  itemColumns: {
    item: '試題',
    kind: '題型',
    max: '分值',
    n: 'n',
    p: 'p',
    r: 'r',
    omitted: '未作答',
    flagged: '考生標記',
    pending: '待評',
    review: '需檢視',
  },

  keyNote: (source) =>
    `${source === 'bank' ? '正確答案取自考試題庫。' : '此考試未提供題庫：標示的正確答案是取得滿分的考生所選的選項；沒有人完全答對的試題不標示正確答案。'}正確答案標示為「✓ 正確答案」並以綠色顯示。`,
  noChoiceItems: '沒有選擇題。',
  optionFigure: ({ item, kind }) => `試題 ${item}（${kind}）`,
  optionCaption: ({ item, candidates, omitted }) =>
    `試題 ${item}：選項分佈（${String(candidates)} 名考生，${omitted} 未作答）`,
  optionColumns: { option: '選項', chosen: '選擇人數', share: '比例' },
  keyMark: '✓ 正確答案',
  trueFalse: { true: '正確', false: '錯誤' },

  candidatesCaption: (count) => `考生（${String(count)}）`,
  candidateColumns: {
    candidate: '考生編號',
    name: '姓名',
    station: '考位',
    session: '考試紀錄',
    score: '分數',
    result: '結果',
    timeUsed: '所用時間',
  },
  timeOf: ({ used, allowed }) => `${used} / ${allowed}`,

  chart: {
    scoreAxis: '總分（分）',
    candidatesAxis: '考生人數',
    timeAxis: '所用時間佔限時比例',
    itemAxis: '試題',
    ratioAxis: 'p / r',
    optionAxis: '選項',
    difficultyDataset: '難度 p（得分比例）',
    discriminationDataset: '鑑別度 r（校正點二系列相關）',
    scoreSummary: ({ candidates, max, peak, peakRange, mean }) =>
      `${String(candidates)} 名考生的總分直方圖，滿分 ${max} 分；人數最多的區間為 ${peakRange} 分（${String(peak)} 人）；平均 ${mean} 分。`,
    passSummary: ({ rate, parts }) =>
      `合格率 ${rate}：${parts.map(({ label, count }) => `${label} ${String(count)}`).join('、') || '沒有成績'}。`,
    timeSummary: ({ candidates, mean }) => `${String(candidates)} 名考生所用時間佔限時比例的直方圖；平均 ${mean}。`,
    itemSummary: ({ items, flagged }) =>
      `${String(items)} 道試題的難度（p）與鑑別度（r）；` +
      (flagged.length > 0 ? `${String(flagged.length)} 題需檢視：${flagged.join('、')}。` : '沒有需檢視的試題。'),
    optionSummary: ({ item, candidates, keys, top, omitted }) =>
      `試題 ${item} 的選項分佈（${String(candidates)} 名考生）；正確答案 ${keys.join('、') || '未知'}；` +
      `最多人選 ${top ? `${top.choice}（${top.share}）` : '無'}；未作答 ${omitted}。`,
  },
}
