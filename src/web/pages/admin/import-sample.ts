/*
 * The sample sheet offered on /admin: 浙江海洋大学's list in the national platform's shape, the very bytes of
 * seed/import/zjou-instruments.csv (the README's and the console's example; test/web/import.test.ts keeps the two
 * equal). Kept here as text because a Worker has no file system to read it from.
 */
export const SAMPLE_SHEET_CSV = `\uFEFF${[
  '仪器名称,资产编号,型号,生产厂商,仪器类别,原值（万元）,安放地址,主要技术指标,主要功能,联系方式,开放时间,备注',
  'X射线衍射仪,ZJOU-2020-0003,D8 Advance,布鲁克 (Bruker),分析仪器,248.22,浙江海洋大学长峙校区 分析测试中心 516 室,,,X射线衍射室 0580-2260894,"周一至周五 08:30-12:00,13:30-17:30；周六 09:00-12:00",2026 年搬迁至 516 室，周六上午开放',
  '显微共焦拉曼光谱仪,ZJOU-2017-0010,LabRAM HR Evolution,,光谱仪器,,,,,,,',
  '电感耦合等离子体质谱仪,ZJOU-2025-0015,7900,安捷伦 (Agilent Technologies),色谱/质谱仪器,286.5,浙江海洋大学长峙校区 分析测试中心 322 室,"质量范围 2–260 amu；检出限 Be/In/Bi ≤ 1 ng/L；八极杆碰撞反应池 (ORS4)","海水、沉积物与海产品中痕量元素及重金属测定；同位素比值分析",元素分析室 0580-2260318,周一至周五 08:00-17:00,新购',
  '声学多普勒流速剖面仪 (ADCP),ZJOU-2025-0016,Workhorse Sentinel 600 kHz,Teledyne RD Instruments,海洋仪器,45.8,浙江海洋大学长峙校区 海洋科学与技术学院实验楼 1 楼设备库 108 室,"频率 600 kHz；剖面范围 0.7–50 m；流速精度 ±0.3 %","近岸海流剖面观测；走航及座底式流速流向测量",海洋调查设备室 0580-2260323,"周一、周三、周五 09:00-16:00",',
].join('\n')}\n`
