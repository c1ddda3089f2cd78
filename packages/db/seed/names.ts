// Synthetic names: common surnames by rough frequency and ordinary given-name characters.
import type { Random } from "./random.js";

const SURNAMES: readonly (readonly [string, number])[] = [
  ["王", 7.1], ["李", 7.0], ["张", 6.7], ["刘", 5.4], ["陈", 4.5], ["杨", 3.1], ["黄", 2.2], ["赵", 2.0],
  ["吴", 1.8], ["周", 1.7], ["徐", 1.4], ["孙", 1.4], ["马", 1.3], ["朱", 1.2], ["胡", 1.1], ["郭", 1.1],
  ["何", 1.0], ["林", 1.0], ["高", 1.0], ["罗", 0.9], ["郑", 0.9], ["梁", 0.8], ["谢", 0.7], ["宋", 0.7],
  ["唐", 0.7], ["许", 0.6], ["韩", 0.6], ["冯", 0.6], ["邓", 0.6], ["曹", 0.6], ["彭", 0.5], ["曾", 0.5],
  ["肖", 0.5], ["田", 0.5], ["董", 0.5], ["潘", 0.4], ["袁", 0.4], ["蔡", 0.4], ["蒋", 0.4], ["余", 0.4],
  ["欧阳", 0.05], ["司马", 0.02],
];
const GIVEN_MALE = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘";
const GIVEN_FEMALE = "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽";

export function personName(random: Random, sex: "MALE" | "FEMALE"): string {
  const pool = sex === "MALE" ? GIVEN_MALE : GIVEN_FEMALE;
  const surname = random.weighted(SURNAMES);
  const first = pool[random.int(0, pool.length - 1)]!;
  return random.chance(0.7) ? surname + first + pool[random.int(0, pool.length - 1)]! : surname + first;
}
