// The benchmark's threads: the same comments for both clients, on a real Isso.

// Realistic comment text: Arabic and mixed Arabic/Latin sentences of news-comment length.
export const PHRASES = [
  'لا أدري لماذا تليجرام ليس مشهورا مثل الواتسآب عندنا بالرغم أنه أفضل منه في كل النواحي',
  'الخصوصية أهم من أي ميزة أخرى، وهذا ما يجعلني أستخدم Telegram منذ سنوات',
  'مقال ممتاز، لكن كان من المفيد ذكر أرقام WhatsApp الحالية للمقارنة',
  'I switched last year and never looked back; the desktop app is much better.',
  'هل يدعم التطبيق الآن المدفوعات عبر الـ API كما وعد دروف؟',
  'أتفق معك تمامًا، المشكلة في أن أصدقائي كلهم على تطبيق آخر',
  'The point about end-to-end encryption by default deserves its own article.',
];
const text = (i) => `${PHRASES[i % PHRASES.length]} (${i + 1})`;

/** Posts `n` comments to `thread`; about 30% are replies to earlier top-level ones. */
export async function seed(isso, thread, n) {
  const tops = [];
  for (let i = 0; i < n; i++) {
    // About 30% replies, each to an earlier top-level comment.
    const reply = tops.length > 0 && i % 10 >= 7;
    const parent = reply ? tops[(i * 7) % tops.length] : undefined;
    const c = await isso.post(thread, { text: text(i), author: `قارئ ${i + 1}`, parent });
    if (!reply) tops.push(c.id);
  }
}
