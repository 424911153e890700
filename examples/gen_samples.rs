//! Writes the sample client workbooks and the messy survey-export fixture (docs/samples.md).
//!
//! ```text
//! cargo run --example gen_samples            # rewrites samples/ and tests/fixtures/messy/
//!                                            # (and samples/benchmark/: peers scored, benchmark built)
//! cargo run --example gen_samples -- OUTDIR  # writes the same files under OUTDIR instead
//! ```
//!
//! Everything is drawn from fixed seeds (ChaCha8), so the output is byte-for-byte the same on
//! every run and platform. Question ids come from `assessments/cx-maturity.yaml`; only the
//! client profiles (which dimension is strong where) are written here.
//!
//! The answers are not uniform noise. Each answer is
//! `round(dimension mean + department/region offset + role offset + respondent bias +
//! item offset + noise)`, clamped to the scale, so dimensions, departments and roles differ
//! the way they do in real assessments (executives rate higher than front-line staff; the
//! department that owns a discipline rates it higher). A few answers are N/A or blank, two
//! respondents straight-line, one stops half way. Metric sheets come from per-channel
//! distributions with dated shifts (an app release, Ramadan peak load).

use std::collections::BTreeMap;
use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use nudj::model::Model;
use nudj::text::Lang;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

type Res<T> = Result<T, Box<dyn Error>>;

fn main() -> Res<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.clone());
    let yaml = fs::read_to_string(root.join("assessments/cx-maturity.yaml"))?;
    let model: Model = serde_saphyr::from_str(&yaml)?;

    let bank = bank();
    let bank_2025 = bank_2025();
    let telecom = telecom();
    for spec in [&bank, &bank_2025, &telecom] {
        let dir = out.join(spec.dir);
        fs::create_dir_all(&dir)?;
        let summary = write_engagement(&model, spec, &dir.join("responses.xlsx"))?;
        println!("{}: {summary}", spec.dir);
    }
    println!(
        "samples/benchmark: {}",
        write_benchmark(&model, &root, &out)?
    );
    let dir = out.join("tests/fixtures/messy");
    fs::create_dir_all(&dir)?;
    let summary = write_messy(&model, &dir)?;
    println!("tests/fixtures/messy: {summary}");
    println!("samples/gov-ar: {}", write_gov(&root, &out)?);
    let path = out.join("samples/course/attendees.xlsx");
    fs::create_dir_all(path.parent().ok_or("no parent")?)?;
    println!(
        "samples/course/attendees.xlsx: {} attendees",
        write_attendees(&path)?
    );
    Ok(())
}

/// The sample course roster: Arabic and English names, as trainers receive them.
fn write_attendees(path: &Path) -> Res<usize> {
    const PEOPLE: [(&str, &str, &str); 20] = [
        (
            "عبدالرحمن بن خالد العتيبي",
            "مصرف الواحة",
            "a.otaibi@alwaha-bank.example",
        ),
        (
            "نورة بنت سعد القحطاني",
            "مصرف الواحة",
            "n.qahtani@alwaha-bank.example",
        ),
        (
            "محمد عبدالله الشمري",
            "مصرف الواحة",
            "m.shammari@alwaha-bank.example",
        ),
        (
            "Sarah Mitchell",
            "Samaa Telecom",
            "sarah.mitchell@samaa-telecom.example",
        ),
        (
            "ريم فهد الدوسري",
            "سماء للاتصالات",
            "reem.d@samaa-telecom.example",
        ),
        (
            "Arjun Menon",
            "Samaa Telecom",
            "arjun.menon@samaa-telecom.example",
        ),
        (
            "فيصل ناصر الحربي",
            "هيئة الخدمات البلدية",
            "f.harbi@municipal.example",
        ),
        (
            "هند إبراهيم الزهراني",
            "هيئة الخدمات البلدية",
            "h.zahrani@municipal.example",
        ),
        ("Omar Farouk", "Nakhla Retail", "omar.farouk@nakhla.example"),
        (
            "لمى عبدالعزيز السبيعي",
            "نخلة للتجزئة",
            "lama.s@nakhla.example",
        ),
        (
            "تركي سلطان المطيري",
            "مصرف الواحة",
            "t.mutairi@alwaha-bank.example",
        ),
        (
            "Fatima Al-Sayed",
            "Nakhla Retail",
            "fatima.alsayed@nakhla.example",
        ),
        (
            "خالد يوسف الغامدي",
            "سماء للاتصالات",
            "k.ghamdi@samaa-telecom.example",
        ),
        (
            "أمل محمد الشهري",
            "هيئة الخدمات البلدية",
            "amal.shehri@municipal.example",
        ),
        (
            "James O'Connor",
            "Samaa Telecom",
            "james.oconnor@samaa-telecom.example",
        ),
        (
            "سلمان حمد العنزي",
            "نخلة للتجزئة",
            "salman.anazi@nakhla.example",
        ),
        (
            "جواهر عبدالله القرني",
            "مصرف الواحة",
            "j.qarni@alwaha-bank.example",
        ),
        (
            "Layla Haddad",
            "Nakhla Retail",
            "layla.haddad@nakhla.example",
        ),
        (
            "بندر ماجد الرشيدي",
            "هيئة الخدمات البلدية",
            "b.rashidi@municipal.example",
        ),
        (
            "دانة وليد البقمي",
            "سماء للاتصالات",
            "dana.b@samaa-telecom.example",
        ),
    ];
    let mut wb = workbook()?;
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name("Attendees")?;
    header(ws, &["name", "organisation", "email"], &bold)?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 24)?;
    ws.set_column_width(2, 36)?;
    for (i, (name, org, email)) in PEOPLE.iter().enumerate() {
        let r = (i + 1) as u32;
        ws.write_string(r, 0, *name)?;
        ws.write_string(r, 1, *org)?;
        ws.write_string(r, 2, *email)?;
    }
    wb.save(path)?;
    Ok(PEOPLE.len())
}

// ------------------------------------------------------------------------------------------
// Profiles

/// One value of the first segment column (department or region) with its head count and
/// how it differs from the organisation per dimension.
struct Group {
    name: &'static str,
    count: usize,
    offsets: &'static [(&'static str, f64)],
    /// Added to every dimension.
    general: f64,
}

/// A channel of the metric sheets: its share of answers and answer distributions.
struct Channel {
    name: &'static str,
    share: f64,
    /// NPS: probability of promoter and of detractor (the rest are passives).
    promoter: f64,
    detractor: f64,
    /// CSAT weights for answers 1..=5 and CES weights for 1..=7.
    csat: [f64; 5],
    ces: [f64; 7],
    /// Verbatims by NPS class.
    detractor_comments: &'static [&'static str],
    passive_comments: &'static [&'static str],
    promoter_comments: &'static [&'static str],
}

/// A dated change in one channel: between `from` and `to` (day of year, 2026), promoters and
/// detractors move by these amounts.
struct Shift {
    channel: &'static str,
    from: u32,
    to: u32,
    promoter: f64,
    detractor: f64,
}

struct Spec {
    dir: &'static str,
    seed: u64,
    lang: Lang,
    id_prefix: &'static str,
    group_column: &'static str,
    role_column: &'static str,
    comment_column: &'static str,
    groups: &'static [Group],
    /// Role name, share of respondents, offset.
    roles: &'static [(&'static str, f64, f64)],
    dim_means: &'static [(&'static str, f64)],
    item_offsets: &'static [(&'static str, f64)],
    /// Staff comments: dimension id, negative?, the group or role that would say it ("" for
    /// anyone), text.
    staff_comments: &'static [(&'static str, bool, &'static str, &'static str)],
    channels: &'static [Channel],
    general_detractor: &'static [&'static str],
    customer_segments: &'static [(&'static str, f64)],
    nps_rows: usize,
    csat_rows: usize,
    ces_rows: usize,
    /// Year of the metric answers (January to October).
    year: u16,
    /// Write metric dates as text (`2026-03-14`) instead of Excel dates.
    dates_as_text: bool,
    shifts: &'static [Shift],
    /// Customers at the start of the first period, quarterly loss and gain rates.
    customers_start: f64,
    loss_rate: f64,
    gain_rate: f64,
    periods: &'static [&'static str],
    /// segment, share of the customers, avg purchase value, purchases per year, lifespan
    /// years, gross margin. The share gives the segment's `customers` count (of the customers
    /// at the end of the last period), which weights the headline CLV.
    clv: &'static [(&'static str, f64, f64, f64, f64, f64)],
    /// Journey stages (id, Arabic name, English name) and, per stage, how likely an answer of
    /// each class (low, middle, high) is given there: written as a `stage` column drawn from
    /// its own seeded generator, so the answers themselves are drawn as before the column.
    journey: &'static [(&'static str, &'static str, &'static str, [f64; 3])],
    /// Operational indicators of the KPIs sheet, one series per entry over `periods`.
    kpis: &'static [Kpi],
}

/// An operational indicator: name, unit, which way is better, channel and stage (`""` for
/// none), target and one value per period; `percent_cells` writes percentages as 0.61 in a
/// percent-formatted cell, else as `61%` text.
struct Kpi {
    name: &'static str,
    unit: &'static str,
    better: &'static str,
    channel: &'static str,
    stage: &'static str,
    target: f64,
    values: [f64; 4],
}

fn bank() -> Spec {
    Spec {
        dir: "samples/bank-ar",
        seed: 0x5741_4841, // "WAHA"
        lang: Lang::Ar,
        id_prefix: "R",
        group_column: "الإدارة",
        role_column: "المستوى الوظيفي",
        comment_column: "ملاحظات",
        groups: &[
            Group {
                name: "الفروع والمبيعات",
                count: 30,
                offsets: &[
                    ("culture", 0.3),
                    ("technology", -0.4),
                    ("voc", -0.1),
                    ("journeys", -0.1),
                ],
                general: 0.0,
            },
            Group {
                name: "مركز الاتصال",
                count: 27,
                offsets: &[
                    ("voc", 0.4),
                    ("measurement", 0.35),
                    ("culture", -0.45),
                    ("journeys", -0.2),
                ],
                general: 0.0,
            },
            Group {
                name: "الخدمات الرقمية",
                count: 23,
                offsets: &[
                    ("technology", 0.6),
                    ("journeys", 0.35),
                    ("insight", 0.3),
                    ("governance", -0.2),
                ],
                general: 0.05,
            },
            Group {
                name: "المنتجات والتسويق",
                count: 21,
                offsets: &[("insight", 0.4), ("strategy", 0.3), ("measurement", -0.2)],
                general: 0.0,
            },
            Group {
                name: "العمليات والمخاطر",
                count: 19,
                offsets: &[("governance", 0.25), ("voc", -0.4), ("insight", -0.2)],
                general: -0.2,
            },
        ],
        roles: &[
            ("تنفيذي", 0.09, 0.45),
            ("مدير", 0.26, 0.15),
            ("موظف", 0.65, -0.08),
        ],
        dim_means: &[
            ("strategy", 3.0),
            ("insight", 2.4),
            ("journeys", 2.3),
            ("voc", 3.1),
            ("measurement", 2.7),
            ("culture", 2.9),
            ("governance", 2.05),
            ("technology", 3.2),
        ],
        item_offsets: &[
            ("STR-04", -0.45),
            ("STR-05", 0.25),
            ("CUS-04", -0.4),
            ("JRN-02", -0.35),
            ("JRN-05", -0.3),
            ("VOC-01", 0.45),
            ("VOC-05", -0.55),
            ("MEA-04", -0.5),
            ("MEA-06", -0.45),
            ("CUL-04", -0.3),
            ("GOV-04", -0.3),
            ("TEC-04", -0.55),
            ("TEC-05", 0.7),
        ],
        staff_comments: &[
            (
                "strategy",
                true,
                "",
                "نسمع عن تجربة العميل في اللقاءات العامة، لكن لا نرى لها أهدافًا في خطط إداراتنا.",
            ),
            (
                "strategy",
                true,
                "",
                "لا توجد ميزانية واضحة لمبادرات العملاء؛ كل تحسين يُموَّل من ميزانية الإدارة إن بقي منها شيء.",
            ),
            (
                "strategy",
                false,
                "الفروع والمبيعات",
                "زيارات الرئيس التنفيذي للفروع هذا العام أوصلت رسالة واضحة بأن العميل أولوية.",
            ),
            (
                "insight",
                true,
                "",
                "نصمم المنتجات بناءً على ما يطرحه المنافسون، لا على ما يحتاجه عملاؤنا.",
            ),
            (
                "insight",
                true,
                "",
                "لا نعرف لماذا يغلق العملاء حساباتهم؛ نموذج الإغلاق لا يسأل عن السبب.",
            ),
            (
                "insight",
                false,
                "المنتجات والتسويق",
                "مقابلات العملاء التي أجراها فريق التسويق قبل إطلاق البطاقة الجديدة كانت مفيدة جدًا.",
            ),
            (
                "journeys",
                true,
                "",
                "يراجع العميل الفرع مرتين أو ثلاثًا لتحديث بياناته لأن كل إدارة تطلب مستندات مختلفة.",
            ),
            (
                "journeys",
                true,
                "",
                "حين ينتقل العميل من التطبيق إلى مركز الاتصال يضطر إلى شرح مشكلته من البداية.",
            ),
            (
                "journeys",
                true,
                "",
                "خريطة رحلة فتح الحساب رُسمت قبل سنتين ولم تُحدَّث بعد إطلاق الفتح الرقمي.",
            ),
            (
                "voc",
                true,
                "",
                "نجمع الاستبيانات لكن لا أحد يتصل بالعميل غير الراضي.",
            ),
            (
                "voc",
                true,
                "",
                "تُغلق الشكوى في النظام بمجرد الرد على العميل، حتى لو لم تُحل المشكلة فعلًا.",
            ),
            (
                "voc",
                true,
                "",
                "اقترحت تعديل نموذج الشكاوى ولم يصلني رد، تواصلوا معي على 0551234567 إن احتجتم التفاصيل.",
            ),
            (
                "voc",
                false,
                "الفروع والمبيعات",
                "تقرير الشكاوى الأسبوعي من مركز الاتصال أصبح مرجعًا لنا في الفروع.",
            ),
            (
                "measurement",
                true,
                "",
                "كل إدارة تحسب رضا العملاء بطريقتها، فتختلف الأرقام من عرض إلى آخر.",
            ),
            (
                "measurement",
                true,
                "مركز الاتصال",
                "نُحاسَب على مدة المكالمة لا على حل مشكلة العميل.",
            ),
            (
                "measurement",
                false,
                "مركز الاتصال",
                "لوحة مؤشرات مركز الاتصال واضحة ومحدّثة يوميًا.",
            ),
            (
                "culture",
                true,
                "الفروع والمبيعات",
                "ضغط الأهداف البيعية يجعل الموظف يستعجل العميل بدل أن يفهم حاجته.",
            ),
            (
                "culture",
                true,
                "",
                "لا يستطيع موظف الصف الأمامي إعفاء رسم بسيط دون موافقة المدير، والعميل ينتظر.",
            ),
            (
                "culture",
                true,
                "مركز الاتصال",
                "دوران الموظفين في مركز الاتصال مرتفع، والموظف الجديد لا يعرف الإجراءات.",
            ),
            (
                "culture",
                false,
                "الفروع والمبيعات",
                "الزملاء في الفرع يتعاونون لخدمة العميل حتى خارج مهامهم.",
            ),
            (
                "governance",
                true,
                "",
                "لا نعرف من المسؤول عن تجربة العميل؛ كل إدارة تحيل إلى الأخرى.",
            ),
            (
                "governance",
                true,
                "",
                "تتغير السياسات والرسوم دون أن يُستشار الصف الأمامي أو يُبلَّغ مسبقًا.",
            ),
            (
                "governance",
                true,
                "",
                "هناك لجنة للجودة لكن قراراتها لا تُتابَع. أرسلت ملاحظاتي إلى cx.team@alwaha-bank.example ولم يصل رد.",
            ),
            (
                "technology",
                true,
                "",
                "نعمل على أربعة أنظمة منفصلة لخدمة عميل واحد.",
            ),
            (
                "technology",
                true,
                "",
                "لا يرى موظف الفرع ما قاله العميل لمركز الاتصال بالأمس.",
            ),
            (
                "technology",
                false,
                "",
                "التطبيق الجديد خفف الضغط على الفروع بشكل ملحوظ.",
            ),
        ],
        channels: &[
            Channel {
                name: "فرع",
                share: 0.30,
                promoter: 0.45,
                detractor: 0.22,
                csat: [0.05, 0.08, 0.15, 0.40, 0.32],
                ces: [0.04, 0.06, 0.10, 0.15, 0.25, 0.24, 0.16],
                detractor_comments: &[
                    "انتظرت أكثر من ساعة في الفرع لتحديث بياناتي.",
                    "طلب مني الموظف مستندات لم تكن مطلوبة في المرة السابقة.",
                    "عدد الموظفين في الفرع قليل وقت الظهيرة والطابور طويل.",
                    "أُغلق الفرع القريب مني ولم يُبلغني أحد.",
                    "Long queue at the branch and only two tellers working.",
                ],
                passive_comments: &[
                    "الخدمة جيدة لكن الانتظار طويل.",
                    "الموظفة متعاونة، لكن الإجراء يحتاج إلى تبسيط.",
                ],
                promoter_comments: &[
                    "شرح لي الموظف كل شيء بصبر ووضوح.",
                    "خدمة سريعة واستقبال ممتاز.",
                    "حل مدير الفرع مشكلتي في اليوم نفسه.",
                    "Staff were very helpful with my mortgage papers.",
                ],
            },
            Channel {
                name: "تطبيق الجوال",
                share: 0.40,
                promoter: 0.50,
                detractor: 0.19,
                csat: [0.04, 0.05, 0.12, 0.38, 0.41],
                ces: [0.03, 0.04, 0.07, 0.12, 0.22, 0.28, 0.24],
                detractor_comments: &[
                    "التطبيق يطلب تحديثًا كل أسبوع ثم يتوقف عن العمل.",
                    "رمز التحقق يتأخر في الوصول فتفشل العملية.",
                    "لا أستطيع رفع حد التحويل اليومي من التطبيق.",
                    "The app logs me out every time I switch screens.",
                ],
                passive_comments: &[
                    "التطبيق جيد لكن ينقصه طلب البطاقة البديلة.",
                    "Works fine, but transfers to other banks take too long.",
                ],
                promoter_comments: &[
                    "فتحت الحساب من التطبيق في عشر دقائق.",
                    "التحويل الفوري ممتاز وسهل.",
                    "من أفضل التطبيقات البنكية التي استخدمتها.",
                    "Clean app, adding my card to Apple Pay took a minute.",
                ],
            },
            Channel {
                name: "مركز الاتصال",
                share: 0.20,
                promoter: 0.28,
                detractor: 0.40,
                csat: [0.12, 0.14, 0.20, 0.32, 0.22],
                ces: [0.10, 0.12, 0.16, 0.18, 0.20, 0.14, 0.10],
                detractor_comments: &[
                    "انتظرت على الخط أربعين دقيقة ثم انقطع الاتصال.",
                    "حوّلوني بين ثلاثة موظفين وكل واحد يطلب المعلومات نفسها.",
                    "وعدوني بالاتصال خلال يومين ولم يتصل أحد.",
                    "الرد الآلي طويل ولا يوجد خيار للتحدث مع موظف.",
                    "I was on hold for 35 minutes to block a stolen card.",
                ],
                passive_comments: &["الموظف مهذب لكن المشكلة لم تُحل من أول اتصال."],
                promoter_comments: &[
                    "أوقف الموظف البطاقة فورًا وطمأنني.",
                    "حُل اعتراضي على العملية خلال يومين.",
                ],
            },
            Channel {
                name: "الموقع الإلكتروني",
                share: 0.10,
                promoter: 0.35,
                detractor: 0.28,
                csat: [0.07, 0.10, 0.20, 0.38, 0.25],
                ces: [0.06, 0.08, 0.14, 0.18, 0.22, 0.18, 0.14],
                detractor_comments: &[
                    "الموقع لا يعمل جيدًا على الجوال.",
                    "لم أجد جدول رسوم الخدمات في الموقع.",
                    "نموذج الشكوى في الموقع لا يقبل المرفقات.",
                ],
                passive_comments: &["المعلومات موجودة لكن الوصول إليها صعب."],
                promoter_comments: &[
                    "حاسبة التمويل في الموقع واضحة ومفيدة.",
                    "Easy to compare card offers on the website.",
                ],
            },
        ],
        general_detractor: &[
            "الرسوم مرتفعة مقارنة بالبنوك الأخرى.",
            "خُصمت رسوم من حسابي دون إشعار.",
        ],
        customer_segments: &[("أفراد", 0.72), ("مميز", 0.18), ("منشآت صغيرة", 0.10)],
        nps_rows: 812,
        csat_rows: 640,
        ces_rows: 420,
        year: 2026,
        dates_as_text: false,
        shifts: &[
            // New app release in May: fewer crashes.
            Shift {
                channel: "تطبيق الجوال",
                from: 135,
                to: 366,
                promoter: 0.08,
                detractor: -0.07,
            },
            // Ramadan 1447 (about 18 February to 19 March 2026): contact-centre peak.
            Shift {
                channel: "مركز الاتصال",
                from: 49,
                to: 78,
                promoter: -0.08,
                detractor: 0.12,
            },
        ],
        customers_start: 1_240_000.0,
        loss_rate: 0.026,
        gain_rate: 0.034,
        periods: &["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"],
        clv: &[
            ("أفراد", 0.885, 185.0, 12.0, 8.0, 0.35),
            ("مميز", 0.08, 960.0, 12.0, 11.0, 0.42),
            ("منشآت صغيرة", 0.035, 1450.0, 12.0, 6.0, 0.31),
        ],
        // Getting help is where the bank loses its customers; opening an account in the app
        // is where it wins them.
        journey: &[
            ("discover", "التعرف على المصرف", "Discover", [1.0, 1.1, 1.0]),
            ("onboard", "فتح الحساب", "Account opening", [0.6, 1.0, 1.5]),
            (
                "use",
                "الاستخدام اليومي",
                "Everyday banking",
                [0.9, 1.2, 1.2],
            ),
            ("help", "طلب المساعدة", "Getting help", [2.2, 1.0, 0.5]),
            (
                "renew",
                "التجديد أو المغادرة",
                "Renew or leave",
                [1.0, 0.9, 0.8],
            ),
        ],
        kpis: &[
            Kpi {
                name: "حل المشكلة من أول اتصال",
                unit: "%",
                better: "أعلى",
                channel: "مركز الاتصال",
                stage: "",
                target: 75.0,
                values: [58.0, 60.0, 59.0, 61.0],
            },
            Kpi {
                name: "متوسط مدة الانتظار",
                unit: "ثانية",
                better: "أقل",
                channel: "مركز الاتصال",
                stage: "",
                target: 120.0,
                values: [210.0, 195.0, 170.0, 150.0],
            },
            Kpi {
                name: "الشكاوى المغلقة في الوقت المحدد",
                unit: "%",
                better: "أعلى",
                channel: "",
                stage: "طلب المساعدة",
                target: 90.0,
                values: [78.0, 82.0, 85.0, 86.0],
            },
            Kpi {
                name: "مدة فتح الحساب",
                unit: "دقيقة",
                better: "أقل",
                channel: "تطبيق الجوال",
                stage: "فتح الحساب",
                target: 10.0,
                values: [14.0, 12.0, 9.5, 8.0],
            },
            Kpi {
                name: "توفر التطبيق",
                unit: "%",
                better: "أعلى",
                channel: "تطبيق الجوال",
                stage: "",
                target: 99.5,
                values: [99.1, 99.6, 99.7, 99.8],
            },
        ],
    }
}

/// The bank a year earlier (the previous assessment the 2026 report compares with): the
/// same organisation before the new app, the weekly complaints report and the CEO's branch
/// visits, so technology, voice of the customer and strategy were lower; the rest moved little.
fn bank_2025() -> Spec {
    Spec {
        dir: "samples/bank-ar/2025",
        seed: 0x5741_4841_2025,
        dim_means: &[
            ("strategy", 2.6),
            ("insight", 2.3),
            ("journeys", 2.2),
            ("voc", 2.65),
            ("measurement", 2.55),
            ("culture", 2.8),
            ("governance", 2.0),
            ("technology", 2.6),
        ],
        channels: &BANK_2025_CHANNELS,
        staff_comments: &[
            (
                "technology",
                true,
                "",
                "التطبيق الحالي لا يسمح بفتح حساب، فيأتي العميل إلى الفرع لإجراء بسيط.",
            ),
            (
                "technology",
                true,
                "",
                "نعمل على أربعة أنظمة منفصلة لخدمة عميل واحد.",
            ),
            (
                "voc",
                true,
                "",
                "لا نعرف ما يقوله العملاء إلا حين تصل الشكوى إلى الإدارة العليا.",
            ),
            (
                "voc",
                true,
                "مركز الاتصال",
                "نسجل الشكاوى في ملف إكسل لكل فريق على حدة.",
            ),
            (
                "strategy",
                true,
                "",
                "تجربة العميل شعار في العروض، لكن لا أحد يسأل عنها في الاجتماعات.",
            ),
            ("governance", true, "", "لا نعرف من المسؤول عن تجربة العميل."),
            (
                "journeys",
                true,
                "",
                "العميل يحتاج إلى ثلاث زيارات لتحديث بياناته.",
            ),
            (
                "measurement",
                true,
                "",
                "كل إدارة تحسب رضا العملاء بطريقتها.",
            ),
            (
                "culture",
                false,
                "الفروع والمبيعات",
                "روح الفريق في الفرع ممتازة رغم ضغط العمل.",
            ),
            (
                "culture",
                true,
                "مركز الاتصال",
                "ضغط المكالمات كبير وعدد الموظفين لا يكفي.",
            ),
            ("insight", true, "", "لا نسأل العميل عن سبب إغلاق حسابه."),
        ],
        nps_rows: 640,
        csat_rows: 510,
        ces_rows: 330,
        year: 2025,
        shifts: &[],
        customers_start: 1_195_000.0,
        loss_rate: 0.029,
        gain_rate: 0.033,
        periods: &["2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3"],
        // The previous wave had no journey stages nor indicators (its score JSON is the
        // committed `previous:` file).
        journey: &[],
        kpis: &[],
        ..bank()
    }
}

// ------------------------------------------------------------------------------------------
// The sample benchmark: a dozen fictitious retail banks, scored and benchmarked

/// Dimension ids of the built-in model, in model order.
const DIMS: [&str; 8] = [
    "strategy",
    "insight",
    "journeys",
    "voc",
    "measurement",
    "culture",
    "governance",
    "technology",
];

const fn means(v: [f64; 8]) -> [(&'static str, f64); 8] {
    let mut out = [("", 0.0); 8];
    let mut i = 0;
    while i < 8 {
        out[i] = (DIMS[i], v[i]);
        i += 1;
    }
    out
}

/// Each peer's dimension means (model order): from a bank that has barely started to one
/// that leads the sector, each with its own strong and weak spots.
static PEER_MEANS: [[(&str, f64); 8]; 12] = [
    means([2.2, 2.0, 1.9, 2.3, 2.1, 2.5, 1.8, 2.6]),
    means([2.6, 2.3, 2.2, 2.8, 2.4, 2.7, 2.1, 2.9]),
    means([3.1, 2.7, 2.5, 3.0, 2.9, 3.0, 2.6, 3.3]),
    means([2.4, 2.5, 2.1, 2.2, 2.6, 2.9, 2.0, 2.4]),
    means([3.5, 3.1, 3.0, 3.4, 3.2, 3.3, 3.0, 3.6]),
    means([2.8, 2.4, 2.6, 2.9, 2.5, 2.6, 2.3, 3.1]),
    means([2.9, 2.9, 2.7, 3.2, 3.0, 2.8, 2.5, 2.8]),
    means([2.0, 1.9, 2.0, 2.1, 1.9, 2.4, 1.7, 2.2]),
    means([3.3, 3.0, 2.8, 3.5, 3.3, 3.1, 2.9, 3.4]),
    means([2.7, 2.6, 2.3, 2.6, 2.7, 3.2, 2.4, 2.7]),
    means([3.0, 2.5, 2.4, 2.7, 2.6, 2.9, 2.2, 3.5]),
    means([2.5, 2.2, 2.4, 2.5, 2.3, 2.6, 2.2, 2.5]),
];

/// Each peer's customers at the start, quarterly loss and gain rates.
const PEER_CUSTOMERS: [(f64, f64, f64); 12] = [
    (420_000.0, 0.041, 0.038),
    (880_000.0, 0.034, 0.036),
    (1_650_000.0, 0.027, 0.031),
    (310_000.0, 0.046, 0.043),
    (2_900_000.0, 0.019, 0.025),
    (760_000.0, 0.031, 0.030),
    (1_200_000.0, 0.028, 0.033),
    (250_000.0, 0.052, 0.047),
    (2_100_000.0, 0.022, 0.027),
    (540_000.0, 0.035, 0.037),
    (1_050_000.0, 0.030, 0.034),
    (640_000.0, 0.038, 0.035),
];

/// CLV input rows, as [`Spec::clv`].
type ClvRows = &'static [(&'static str, f64, f64, f64, f64, f64)];

/// CLV inputs of the peers (four kinds of retail book).
static PEER_CLV: [ClvRows; 4] = [
    &[
        ("أفراد", 0.9, 160.0, 12.0, 7.0, 0.33),
        ("مميز", 0.1, 880.0, 12.0, 10.0, 0.4),
    ],
    &[
        ("أفراد", 0.86, 205.0, 12.0, 8.5, 0.36),
        ("مميز", 0.1, 1020.0, 12.0, 11.0, 0.43),
        ("منشآت صغيرة", 0.04, 1300.0, 12.0, 6.0, 0.3),
    ],
    &[("أفراد", 1.0, 140.0, 12.0, 6.0, 0.3)],
    &[
        ("أفراد", 0.8, 230.0, 12.0, 9.0, 0.38),
        ("مميز", 0.2, 1100.0, 12.0, 12.0, 0.45),
    ],
];

/// Peer `i` (0-based): the bank's 2025 workbook layout with its own profile and seed.
fn peer(i: usize) -> Spec {
    let (customers_start, loss_rate, gain_rate) = PEER_CUSTOMERS[i];
    let base = bank_2025();
    Spec {
        seed: 0x4245_4e43_4800 + i as u64, // "BENCH"
        dim_means: &PEER_MEANS[i],
        channels: if i.is_multiple_of(2) {
            &BANK_2025_CHANNELS
        } else {
            bank().channels
        },
        nps_rows: 300 + 20 * i,
        csat_rows: 240,
        ces_rows: 160,
        year: 2026,
        customers_start,
        loss_rate,
        gain_rate,
        periods: &["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"],
        clv: PEER_CLV[i % 4],
        journey: &[],
        kpis: &[],
        ..base
    }
}

/// Writes `samples/benchmark/`: each peer's workbook is drawn into a temporary folder,
/// scored through the library exactly as `nudj score --format json` does (the result is
/// kept as `results/bank-NN.json`, the workbook is not), and the benchmark of the twelve is
/// built as `nudj benchmark build samples/benchmark/results -o
/// samples/benchmark/retail-banking.json --name …` does.
fn write_benchmark(model: &Model, root: &Path, out: &Path) -> Res<String> {
    let dir = out.join("samples/benchmark");
    let results = dir.join("results");
    fs::create_dir_all(&results)?;
    let tmp = tempfile::tempdir()?;
    let model_path = root.join("assessments/cx-maturity.yaml");
    let mut inputs = Vec::new();
    for i in 0..PEER_MEANS.len() {
        let spec = peer(i);
        let folder = tmp.path().join(format!("bank-{:02}", i + 1));
        fs::create_dir_all(&folder)?;
        write_engagement(model, &spec, &folder.join("responses.xlsx"))?;
        let engagement = folder.join("engagement.yaml");
        fs::write(
            &engagement,
            format!(
                "client:\n  name: {{ar: مصرف نظير {n}, en: Peer bank {n}}}\nmodel: {}\ndata: responses.xlsx\nlanguage: ar\ndate: \"2026-10-01\"\nexclude:\n  straightliners: true\n",
                model_path.display(),
                n = i + 1
            ),
        )?;
        let loaded = nudj::pipeline::Assessment::load(&engagement, &Default::default())
            .map_err(|e| format!("{}: {e:?}", engagement.display()))?;
        let mut result = (*loaded.output.result).clone();
        result.warnings = loaded.warnings;
        result.relative_paths(&loaded.output.engagement.dir);
        let file = results.join(format!("bank-{:02}.json", i + 1));
        let json = nudj::cli::score::to_json(&result).map_err(|e| format!("{e}"))?;
        fs::write(&file, format!("{json}\n"))?;
        inputs.push(nudj::benchmark::Input {
            file: PathBuf::from(format!("results/bank-{:02}.json", i + 1)),
            result,
        });
    }
    let opts = nudj::benchmark::BuildOptions {
        name: Some(BENCHMARK_NAME.into()),
        min_orgs: nudj::benchmark::DEFAULT_MIN_ORGS,
        output: dir.join("retail-banking.json"),
    };
    let built = nudj::benchmark::build(&inputs, &opts).map_err(|e| format!("{e:?}"))?;
    fs::write(&opts.output, nudj::benchmark::to_json(&built.output)?)?;
    let median = built
        .output
        .overall
        .score
        .as_ref()
        .map(|d| d.median)
        .unwrap_or(f64::NAN);
    Ok(format!(
        "{} peer results, benchmark median overall score {median:.2}, {} warning(s)",
        inputs.len(),
        built.warnings.len()
    ))
}

/// The sample benchmark's `--name`.
const BENCHMARK_NAME: &str = "مصارف التجزئة، عينة تجريبية";

/// The bank's channels in 2025: the old app was the weak spot.
const BANK_2025_CHANNELS: [Channel; 4] = [
    Channel {
        name: "فرع",
        share: 0.38,
        promoter: 0.43,
        detractor: 0.24,
        csat: [0.05, 0.09, 0.16, 0.40, 0.30],
        ces: [0.05, 0.07, 0.11, 0.16, 0.24, 0.22, 0.15],
        detractor_comments: &[
            "انتظرت أكثر من ساعة في الفرع لتحديث بياناتي.",
            "عدد الموظفين في الفرع قليل وقت الظهيرة والطابور طويل.",
        ],
        passive_comments: &["الخدمة جيدة لكن الانتظار طويل."],
        promoter_comments: &["خدمة سريعة واستقبال ممتاز."],
    },
    Channel {
        name: "تطبيق الجوال",
        share: 0.30,
        promoter: 0.33,
        detractor: 0.33,
        csat: [0.09, 0.11, 0.18, 0.35, 0.27],
        ces: [0.07, 0.09, 0.13, 0.17, 0.22, 0.19, 0.13],
        detractor_comments: &[
            "التطبيق بطيء ويتوقف عند التحويل.",
            "لا يمكن فتح حساب من التطبيق، لا بد من زيارة الفرع.",
        ],
        passive_comments: &["التطبيق مقبول لكنه قديم مقارنة بالبنوك الأخرى."],
        promoter_comments: &["التحويل بين حساباتي سهل."],
    },
    Channel {
        name: "مركز الاتصال",
        share: 0.22,
        promoter: 0.27,
        detractor: 0.41,
        csat: [0.12, 0.15, 0.20, 0.31, 0.22],
        ces: [0.11, 0.12, 0.16, 0.18, 0.19, 0.14, 0.10],
        detractor_comments: &["انتظرت على الخط أربعين دقيقة ثم انقطع الاتصال."],
        passive_comments: &["الموظف مهذب لكن المشكلة لم تُحل من أول اتصال."],
        promoter_comments: &["أوقف الموظف البطاقة فورًا وطمأنني."],
    },
    Channel {
        name: "الموقع الإلكتروني",
        share: 0.10,
        promoter: 0.30,
        detractor: 0.32,
        csat: [0.08, 0.11, 0.21, 0.37, 0.23],
        ces: [0.07, 0.09, 0.15, 0.18, 0.21, 0.17, 0.13],
        detractor_comments: &["الموقع لا يعمل جيدًا على الجوال."],
        passive_comments: &["المعلومات موجودة لكن الوصول إليها صعب."],
        promoter_comments: &["حاسبة التمويل في الموقع واضحة ومفيدة."],
    },
];

fn telecom() -> Spec {
    Spec {
        dir: "samples/telecom-en",
        seed: 0x5341_4d41, // "SAMA"
        lang: Lang::En,
        id_prefix: "EMP-",
        group_column: "Region",
        role_column: "Function",
        comment_column: "Comments",
        groups: &[
            Group {
                name: "Central",
                count: 62,
                offsets: &[("strategy", 0.2), ("governance", 0.2)],
                general: 0.1,
            },
            Group {
                name: "Western",
                count: 48,
                offsets: &[("culture", 0.2)],
                general: 0.0,
            },
            Group {
                name: "Eastern",
                count: 41,
                offsets: &[("measurement", 0.25), ("technology", 0.15)],
                general: 0.05,
            },
            Group {
                name: "Southern",
                count: 27,
                offsets: &[("technology", -0.35), ("journeys", -0.15)],
                general: -0.2,
            },
            Group {
                name: "Northern",
                count: 22,
                offsets: &[("culture", -0.3), ("voc", -0.25)],
                general: -0.25,
            },
        ],
        roles: &[
            ("Retail", 0.30, -0.05),
            ("Customer care", 0.28, -0.1),
            ("Network", 0.17, 0.0),
            ("Marketing", 0.13, 0.2),
            ("Enterprise sales", 0.12, 0.1),
        ],
        dim_means: &[
            ("strategy", 3.1),
            ("insight", 2.8),
            ("journeys", 1.9),
            ("voc", 2.9),
            ("measurement", 3.65),
            ("culture", 2.5),
            ("governance", 2.6),
            ("technology", 3.0),
        ],
        item_offsets: &[
            ("MEA-01", 0.4),
            ("MEA-05", 0.45),
            ("MEA-04", -0.35),
            ("JRN-01", 0.3),
            ("JRN-04", -0.45),
            ("JRN-05", -0.4),
            ("CUL-03", -0.4),
            ("VOC-03", -0.4),
            ("TEC-02", 0.4),
            ("TEC-03", -0.35),
            ("CUS-01", 0.35),
        ],
        staff_comments: &[
            (
                "journeys",
                true,
                "",
                "Every product team designs its own onboarding; a customer with mobile and fibre goes through two different journeys.",
            ),
            (
                "journeys",
                true,
                "Retail",
                "Number porting takes three visits in some stores. Nobody owns that journey end to end.",
            ),
            (
                "journeys",
                true,
                "Marketing",
                "We launched the new fibre bundle without testing it with a single customer.",
            ),
            (
                "journeys",
                false,
                "Marketing",
                "The eSIM activation redesign was the first time we sat with customers before building.",
            ),
            (
                "measurement",
                false,
                "",
                "The NPS dashboard is the first thing our director opens every morning.",
            ),
            (
                "measurement",
                false,
                "Customer care",
                "We finally measure first-contact resolution the same way in every call centre.",
            ),
            (
                "measurement",
                true,
                "",
                "We track NPS weekly but nobody can tell me what a point of NPS is worth.",
            ),
            (
                "voc",
                true,
                "Customer care",
                "Detractors get a call back only in Riyadh; the regions don't have the staff.",
            ),
            (
                "voc",
                true,
                "",
                "Complaints about coverage go to Network and disappear.",
            ),
            (
                "culture",
                true,
                "Customer care",
                "Agents are measured on average handling time, so they rush customers off the line.",
            ),
            (
                "culture",
                true,
                "Retail",
                "Store staff can't waive a late fee of 20 riyals without a supervisor.",
            ),
            (
                "culture",
                false,
                "",
                "Our team lead shares one customer story at every morning huddle.",
            ),
            (
                "governance",
                true,
                "",
                "Marketing changes offers every month and care learns about them from customers.",
            ),
            (
                "governance",
                true,
                "",
                "The CX committee met twice this year. Ask me at faisal.q@samaa-telecom.example if you want the minutes.",
            ),
            (
                "strategy",
                false,
                "",
                "Management talks about customer obsession and backed it with the new care budget.",
            ),
            (
                "strategy",
                true,
                "",
                "The strategy says customer first, but every bonus is tied to gross adds.",
            ),
            (
                "insight",
                true,
                "",
                "We have segments for marketing campaigns but no idea why postpaid customers leave.",
            ),
            (
                "insight",
                false,
                "",
                "The churn survey for prepaid is useful and we read it every month.",
            ),
            (
                "technology",
                true,
                "Customer care",
                "Care agents see the bill but not the network tickets, so they can't explain an outage.",
            ),
            (
                "technology",
                false,
                "",
                "The app handles most recharges and bundle changes now; store traffic for those is down.",
            ),
        ],
        channels: &[
            Channel {
                name: "Retail store",
                share: 0.25,
                promoter: 0.37,
                detractor: 0.30,
                csat: [0.08, 0.10, 0.20, 0.36, 0.26],
                ces: [0.07, 0.09, 0.14, 0.18, 0.22, 0.18, 0.12],
                detractor_comments: &[
                    "Waited 50 minutes at the store just to swap a SIM.",
                    "The store sold me a plan that was not what I asked for.",
                    "They checked my national ID twice and still could not activate the line.",
                    "المعرض مزدحم دائمًا ولا يوجد نظام أرقام واضح.",
                ],
                passive_comments: &["Friendly staff, but the queue system is a mess."],
                promoter_comments: &[
                    "The store team fixed my eSIM in minutes.",
                    "Staff explained the family plan clearly.",
                    "الموظف في المعرض كان متعاونًا جدًا.",
                ],
            },
            Channel {
                name: "Mobile app",
                share: 0.40,
                promoter: 0.40,
                detractor: 0.27,
                csat: [0.06, 0.08, 0.16, 0.38, 0.32],
                ces: [0.05, 0.06, 0.10, 0.15, 0.24, 0.24, 0.16],
                detractor_comments: &[
                    "The bill in the app does not match the SMS amount.",
                    "Recharge failed but the money was deducted.",
                    "The app keeps asking me to log in again.",
                    "التطبيق لا يعرض تفاصيل الفاتورة.",
                ],
                passive_comments: &["App is fine but roaming packages are hard to find."],
                promoter_comments: &[
                    "Recharging and buying data in the app is instant.",
                    "I love the usage tracker.",
                    "Changing my bundle took two taps.",
                ],
            },
            Channel {
                name: "Call centre",
                share: 0.25,
                promoter: 0.21,
                detractor: 0.50,
                csat: [0.16, 0.16, 0.22, 0.28, 0.18],
                ces: [0.14, 0.15, 0.17, 0.17, 0.17, 0.12, 0.08],
                detractor_comments: &[
                    "Called four times about slow internet; every time a new ticket.",
                    "The IVR menu is endless and I could not reach an agent.",
                    "A technician visit was promised and nobody came.",
                    "I was charged for a cancelled line and nobody could explain why.",
                    "اتصلت ثلاث مرات بخصوص انقطاع الإنترنت المنزلي دون حل.",
                ],
                passive_comments: &["The agent was polite but the issue is still open."],
                promoter_comments: &["The agent solved my roaming issue on the first call."],
            },
            Channel {
                name: "Website",
                share: 0.10,
                promoter: 0.30,
                detractor: 0.35,
                csat: [0.09, 0.12, 0.22, 0.35, 0.22],
                ces: [0.08, 0.10, 0.15, 0.19, 0.20, 0.16, 0.12],
                detractor_comments: &[
                    "Could not find how to cancel the add-on online.",
                    "The coverage map is wrong for my area.",
                ],
                passive_comments: &["Fine for paying bills, nothing else."],
                promoter_comments: &["Paying the bill online takes seconds."],
            },
        ],
        general_detractor: &[
            "Coverage drops in my neighbourhood every evening.",
            "Prices went up without any notice.",
        ],
        customer_segments: &[("Prepaid", 0.58), ("Postpaid", 0.34), ("Business", 0.08)],
        nps_rows: 1180,
        csat_rows: 760,
        ces_rows: 530,
        year: 2026,
        dates_as_text: true,
        shifts: &[
            // Network outage in the south-west in August: call-centre detractors spike.
            Shift {
                channel: "Call centre",
                from: 213,
                to: 228,
                promoter: -0.06,
                detractor: 0.15,
            },
        ],
        customers_start: 4_850_000.0,
        loss_rate: 0.091,
        gain_rate: 0.085,
        periods: &["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"],
        clv: &[
            ("Prepaid", 0.66, 62.0, 12.0, 2.1, 0.42),
            ("Postpaid", 0.31, 185.0, 12.0, 4.6, 0.48),
            ("Business", 0.03, 1450.0, 12.0, 5.2, 0.38),
        ],
        // Billing is the moment of truth of the operator; activation goes well.
        journey: &[
            ("buy", "الشراء", "Buy", [0.9, 1.0, 1.2]),
            ("activate", "التفعيل", "Activate", [0.6, 1.0, 1.4]),
            ("use", "الاستخدام", "Use", [1.0, 1.1, 1.1]),
            ("bill", "الفوترة والدفع", "Bill and pay", [2.0, 1.0, 0.6]),
            ("help", "طلب المساعدة", "Get help", [1.6, 1.0, 0.7]),
        ],
        kpis: &[
            Kpi {
                name: "First contact resolution",
                unit: "%",
                better: "higher",
                channel: "Call centre",
                stage: "",
                target: 75.0,
                values: [63.0, 64.0, 66.0, 68.0],
            },
            Kpi {
                name: "Average handling time",
                unit: "seconds",
                better: "lower",
                channel: "Call centre",
                stage: "",
                target: 300.0,
                values: [360.0, 342.0, 330.0, 318.0],
            },
            Kpi {
                name: "Bills disputed",
                unit: "%",
                better: "lower",
                channel: "",
                stage: "Bill and pay",
                target: 2.0,
                values: [3.4, 3.1, 3.3, 3.6],
            },
            Kpi {
                name: "SIM activated within 1 hour",
                unit: "%",
                better: "higher",
                channel: "",
                stage: "activate",
                target: 95.0,
                values: [91.0, 93.0, 95.0, 96.5],
            },
            Kpi {
                name: "App crash-free sessions",
                unit: "%",
                better: "higher",
                channel: "Mobile app",
                stage: "",
                target: 99.5,
                values: [99.2, 99.4, 99.3, 99.6],
            },
        ],
    }
}

// ------------------------------------------------------------------------------------------
// Drawing

fn normal(rng: &mut ChaCha8Rng, sd: f64) -> f64 {
    // Box-Muller; 1 - u keeps the logarithm finite.
    let u: f64 = 1.0 - rng.r#gen::<f64>();
    let v: f64 = rng.r#gen::<f64>();
    sd * (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}

fn weighted(rng: &mut ChaCha8Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.r#gen::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

fn lookup(table: &[(&str, f64)], key: &str) -> f64 {
    table
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(0.0, |(_, v)| *v)
}

/// Day of year 1..=365 (2025 and 2026 are not leap years) to (month, day).
fn month_day(doy: u32) -> (u8, u8) {
    const DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut d = doy;
    for (m, len) in DAYS.iter().enumerate() {
        if d <= *len {
            return (m as u8 + 1, d as u8);
        }
        d -= len;
    }
    (12, 31)
}

/// A fixed creation date so the workbook bytes do not depend on when it was generated.
fn workbook() -> Res<Workbook> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 10, 20)?.and_hms(9, 0, 0)?;
    wb.set_properties(
        &DocProperties::new()
            .set_author("nudj gen_samples")
            .set_creation_datetime(&created),
    );
    Ok(wb)
}

fn header(ws: &mut Worksheet, cols: &[&str], bold: &Format) -> Res<()> {
    for (c, name) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *name, bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// One respondent's answers in model order: `None` = blank, `Some(None)` = N/A.
type Row = Vec<Option<Option<i32>>>;

fn write_engagement(model: &Model, spec: &Spec, path: &Path) -> Res<String> {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let (lo, hi) = (model.scale.min.value as i32, model.scale.max.value as i32);
    let questions: Vec<(&str, &str)> = model
        .dimensions
        .iter()
        .flat_map(|d| {
            d.questions
                .iter()
                .map(move |q| (d.id.value.as_str(), q.id.value.as_str()))
        })
        .collect();

    let mut wb = workbook()?;
    let bold = Format::new().set_bold();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");

    // --- Responses ---------------------------------------------------------------------
    let total: usize = spec.groups.iter().map(|g| g.count).sum();
    let mut people: Vec<(&Group, &str)> = Vec::with_capacity(total);
    // Roles by quota within each group (as an assessment is sampled), so that no role
    // falls below the anonymity threshold by chance.
    for g in spec.groups {
        let mut left = g.count;
        for (k, (role, share, _)) in spec.roles.iter().enumerate() {
            let n = if k + 1 == spec.roles.len() {
                left
            } else {
                ((g.count as f64 * share).round() as usize).min(left)
            };
            left -= n;
            people.extend(std::iter::repeat_n((g, *role), n));
        }
    }
    // Survey tools list respondents in the order they answered, not by department.
    people.shuffle(&mut rng);
    let straightliners = [total / 5, total * 3 / 4];
    let incomplete = total / 2;
    let mut used_comments = vec![false; spec.staff_comments.len()];
    let comment_rate = (1.3 * spec.staff_comments.len() as f64 / total as f64).min(0.5);
    let (mut n_na, mut n_blank, mut n_comments) = (0, 0, 0);

    let ws = wb.add_worksheet();
    ws.set_name("Responses")?;
    ws.set_right_to_left(spec.lang == Lang::Ar);
    let mut cols = vec!["respondent", spec.group_column, spec.role_column];
    cols.extend(questions.iter().map(|(_, q)| *q));
    cols.push(spec.comment_column);
    header(ws, &cols, &bold)?;
    ws.set_column_width(1, 20)?;
    ws.set_column_width(2, 16)?;
    ws.set_column_width((cols.len() - 1) as u16, 60)?;

    for (i, (group, role)) in people.iter().enumerate() {
        let r = (i + 1) as u32;
        let role_offset = spec
            .roles
            .iter()
            .find(|x| x.0 == *role)
            .map_or(0.0, |x| x.2);
        let bias = normal(&mut rng, 0.35);
        let mut row: Row = Vec::with_capacity(questions.len());
        let mut dim_sum: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
        for (qi, (dim, q)) in questions.iter().enumerate() {
            let latent = lookup(spec.dim_means, dim)
                + lookup(group.offsets, dim)
                + group.general
                + role_offset
                + bias
                + lookup(spec.item_offsets, q)
                + normal(&mut rng, 0.6);
            let value = (latent.round() as i32).clamp(lo, hi);
            let p: f64 = rng.r#gen();
            let answer = if i == straightliners[0] {
                Some(Some(4))
            } else if i == straightliners[1] {
                Some(Some(3))
            } else if i == incomplete && qi >= questions.len() * 2 / 5 {
                None
            } else if p < 0.022 {
                Some(None)
            } else if p < 0.032 {
                None
            } else {
                Some(Some(value))
            };
            if let Some(Some(v)) = answer {
                let e = dim_sum.entry(dim).or_default();
                e.0 += f64::from(v);
                e.1 += 1.0;
            }
            row.push(answer);
        }
        let id = format!("{}{:03}", spec.id_prefix, i + 1);
        ws.write_string(r, 0, &id)?;
        ws.write_string(r, 1, group.name)?;
        ws.write_string(r, 2, *role)?;
        for (qi, a) in row.iter().enumerate() {
            let c = (qi + 3) as u16;
            match a {
                Some(Some(v)) => {
                    ws.write_number(r, c, f64::from(*v))?;
                }
                Some(None) => {
                    n_na += 1;
                    ws.write_string(
                        r,
                        c,
                        if spec.lang == Lang::Ar {
                            "لا ينطبق"
                        } else {
                            "N/A"
                        },
                    )?;
                }
                None => n_blank += 1,
            }
        }
        // Comments are spread over the whole sheet (about one respondent in five), each on
        // the dimension the respondent rates lowest (or, sometimes, highest).
        if rng.gen_bool(comment_rate) && i != straightliners[0] && i != straightliners[1] {
            let mut dims: Vec<(&str, f64)> =
                dim_sum.iter().map(|(d, (s, n))| (*d, s / n)).collect();
            dims.sort_by(|a, b| a.1.total_cmp(&b.1));
            let negative = rng.gen_bool(0.75);
            if !negative {
                dims.reverse();
            }
            // The weakest (or strongest) dimension that still has an unused comment.
            let pick = dims.iter().find_map(|(dim, _)| {
                spec.staff_comments
                    .iter()
                    .enumerate()
                    .find(|(k, (d, neg, who, _))| {
                        d == dim
                            && *neg == negative
                            && !used_comments[*k]
                            && (who.is_empty() || *who == group.name || who == role)
                    })
            });
            if let Some((k, (_, _, _, text))) = pick {
                used_comments[k] = true;
                n_comments += 1;
                ws.write_string(r, (cols.len() - 1) as u16, *text)?;
            }
        }
    }

    // --- NPS, CSAT, CES ----------------------------------------------------------------
    let channel_weights: Vec<f64> = spec.channels.iter().map(|c| c.share).collect();
    let segment_weights: Vec<f64> = spec.customer_segments.iter().map(|s| s.1).collect();
    let mut nps_sum = 0i64;
    let mut comment_uses: BTreeMap<&str, u32> = BTreeMap::new();
    // Stages come from their own generator: the answers are drawn exactly as before.
    let mut stage_rng = ChaCha8Rng::seed_from_u64(spec.seed ^ 0x0053_5441_4745); // "STAGE"

    for (sheet, rows) in [
        ("NPS", spec.nps_rows),
        ("CSAT", spec.csat_rows),
        ("CES", spec.ces_rows),
    ] {
        let ws = wb.add_worksheet();
        ws.set_name(sheet)?;
        ws.set_right_to_left(spec.lang == Lang::Ar);
        let mut cols: Vec<&str> = if sheet == "NPS" {
            vec!["score", "channel", "segment", "date", "comment"]
        } else {
            vec!["score", "channel", "segment", "date"]
        };
        // The stage column: the Arabic header in the bank's workbook exercises the alias.
        if !spec.journey.is_empty() {
            cols.push(if spec.lang == Lang::Ar {
                "المرحلة"
            } else {
                "stage"
            });
        }
        let stage_col = (cols.len() - 1) as u16;
        header(ws, &cols, &bold)?;
        ws.set_column_width(1, 18)?;
        ws.set_column_width(3, 12)?;
        ws.set_column_width(4, 60)?;
        // Dates in answer order, spread over January to October.
        let mut days: Vec<u32> = (0..rows).map(|_| rng.gen_range(5..=298)).collect();
        days.sort_unstable();
        for (i, doy) in days.iter().enumerate() {
            let r = (i + 1) as u32;
            let ch = &spec.channels[weighted(&mut rng, &channel_weights)];
            let seg = spec.customer_segments[weighted(&mut rng, &segment_weights)].0;
            let (mut pro, mut det) = (ch.promoter, ch.detractor);
            for s in spec
                .shifts
                .iter()
                .filter(|s| s.channel == ch.name && (s.from..=s.to).contains(doy))
            {
                pro += s.promoter;
                det += s.detractor;
            }
            let score = match sheet {
                "NPS" => {
                    let class = weighted(&mut rng, &[det, 1.0 - pro - det, pro]);
                    let s = match class {
                        0 => weighted(&mut rng, &[1.0, 0.6, 1.0, 1.5, 2.0, 3.5, 4.5]) as i32,
                        1 => 7 + weighted(&mut rng, &[1.0, 1.1]) as i32,
                        _ => 9 + weighted(&mut rng, &[1.2, 1.0]) as i32,
                    };
                    nps_sum += match class {
                        0 => -1,
                        2 => 1,
                        _ => 0,
                    };
                    s
                }
                "CSAT" => 1 + weighted(&mut rng, &ch.csat) as i32,
                _ => 1 + weighted(&mut rng, &ch.ces) as i32,
            };
            ws.write_number(r, 0, f64::from(score))?;
            ws.write_string(r, 1, ch.name)?;
            ws.write_string(r, 2, seg)?;
            if !spec.journey.is_empty() {
                // Low, middle or high answer of its scale.
                let class = match (sheet, score) {
                    ("NPS", 0..=6) | ("CSAT", 1..=2) | ("CES", 1..=3) => 0,
                    ("NPS", 7..=8) | ("CSAT", 3) | ("CES", 4..=5) => 1,
                    _ => 2,
                };
                let weights: Vec<f64> = spec.journey.iter().map(|j| j.3[class]).collect();
                let (id, ar, en, _) = spec.journey[weighted(&mut stage_rng, &weights)];
                // Stages are named as a survey tool would export them: by name in the
                // report's language, a few by id.
                let name = match spec.lang {
                    _ if stage_rng.gen_bool(0.1) => id,
                    Lang::Ar => ar,
                    Lang::En => en,
                };
                ws.write_string(r, stage_col, name)?;
            }
            let (m, d) = month_day(*doy);
            if spec.dates_as_text {
                ws.write_string(r, 3, format!("{}-{m:02}-{d:02}", spec.year))?;
            } else {
                ws.write_datetime_with_format(
                    r,
                    3,
                    ExcelDateTime::from_ymd(spec.year, m, d)?,
                    &date_fmt,
                )?;
            }
            if sheet == "NPS" && rng.gen_bool(0.2) {
                let pool: &[&str] = match score {
                    0..=6 if rng.gen_bool(0.15) => spec.general_detractor,
                    0..=6 => ch.detractor_comments,
                    7 | 8 => ch.passive_comments,
                    _ => ch.promoter_comments,
                };
                // Real exports repeat short comments, but not a dozen times word for word:
                // each text is used at most twice (the draw still happens, so the scores do
                // not depend on this cap).
                if let Some(text) = pool.choose(&mut rng) {
                    let uses = comment_uses.entry(*text).or_insert(0);
                    if *uses < 2 {
                        *uses += 1;
                        ws.write_string(r, 4, *text)?;
                    }
                }
            }
        }
    }

    // --- Customers ---------------------------------------------------------------------
    let ws = wb.add_worksheet();
    ws.set_name("Customers")?;
    header(
        ws,
        &[
            "period",
            "customers_start",
            "customers_end",
            "new_customers",
        ],
        &bold,
    )?;
    let mut start = spec.customers_start;
    let mut churn = Vec::new();
    for (i, period) in spec.periods.iter().enumerate() {
        let r = (i + 1) as u32;
        let lost = (start * (spec.loss_rate + normal(&mut rng, spec.loss_rate * 0.08))).round();
        let new = (start * (spec.gain_rate + normal(&mut rng, spec.gain_rate * 0.08))).round();
        let end = start + new - lost;
        churn.push(format!("{:.1}%", 100.0 * lost / start));
        ws.write_string(r, 0, *period)?;
        ws.write_number(r, 1, start)?;
        ws.write_number(r, 2, end)?;
        ws.write_number(r, 3, new)?;
        start = end;
    }

    // --- CLV ---------------------------------------------------------------------------
    let ws = wb.add_worksheet();
    ws.set_name("CLV")?;
    header(
        ws,
        &[
            "segment",
            "avg_purchase_value",
            "purchase_frequency",
            "customer_lifespan_years",
            "gross_margin",
            // The Arabic header exercises the reader's alias for the column.
            if spec.lang == Lang::Ar {
                "عدد العملاء"
            } else {
                "customers"
            },
        ],
        &bold,
    )?;
    let mut clv_sum = (0.0, 0.0);
    for (i, (seg, share, value, freq, years, margin)) in spec.clv.iter().enumerate() {
        let r = (i + 1) as u32;
        // Segment sizes as a planning team would give them: to the nearest hundred.
        let customers = (start * share / 100.0).round() * 100.0;
        ws.write_string(r, 0, *seg)?;
        ws.write_number(r, 1, *value)?;
        ws.write_number(r, 2, *freq)?;
        ws.write_number(r, 3, *years)?;
        ws.write_number(r, 4, *margin)?;
        ws.write_number(r, 5, customers)?;
        clv_sum.0 += value * freq * years * margin * customers;
        clv_sum.1 += customers;
    }
    if !spec.kpis.is_empty() {
        write_kpis(&mut wb, spec, &bold)?;
    }

    wb.save(path)?;
    Ok(format!(
        "{total} respondents ({n_na} N/A, {n_blank} blank answers, {n_comments} comments), \
         {} NPS answers (expected NPS ≈ {:+.0}), {} CSAT, {} CES; churn per period {}; \
         customer-weighted CLV {:.0}",
        spec.nps_rows,
        100.0 * nps_sum as f64 / spec.nps_rows as f64,
        spec.csat_rows,
        spec.ces_rows,
        churn.join(", "),
        clv_sum.0 / clv_sum.1
    ))
}

/// The KPIs sheet: one row per indicator and period, with Arabic headers and sheet name in
/// the bank's workbook. Percentages are written as percent-formatted cells (0.61 shown as
/// 61%) in the bank's workbook and as `61%` text in the telecom one, so both reading paths
/// are exercised.
fn write_kpis(wb: &mut Workbook, spec: &Spec, bold: &Format) -> Res<()> {
    let ar = spec.lang == Lang::Ar;
    let ws = wb.add_worksheet();
    ws.set_name(if ar {
        "المؤشرات التشغيلية"
    } else {
        "KPIs"
    })?;
    ws.set_right_to_left(ar);
    let cols: &[&str] = if ar {
        &[
            "المؤشر",
            "القيمة",
            "المستهدف",
            "الوحدة",
            "الأفضل",
            "القناة",
            "المرحلة",
            "الفترة",
        ]
    } else {
        &[
            "indicator",
            "value",
            "target",
            "unit",
            "better",
            "channel",
            "stage",
            "period",
        ]
    };
    header(ws, cols, bold)?;
    ws.set_column_width(0, 32)?;
    let pct = Format::new().set_num_format("0.0%");
    let mut r = 1u32;
    for k in spec.kpis {
        for (period, value) in spec.periods.iter().zip(k.values) {
            ws.write_string(r, 0, k.name)?;
            for (c, v) in [(1u16, value), (2, k.target)] {
                match (k.unit, ar) {
                    ("%", true) => ws
                        .write_number_with_format(r, c, v / 100.0, &pct)
                        .map(|_| ())?,
                    ("%", false) => ws.write_string(r, c, format!("{v}%")).map(|_| ())?,
                    _ => ws.write_number(r, c, v).map(|_| ())?,
                }
            }
            ws.write_string(r, 3, k.unit)?;
            ws.write_string(r, 4, k.better)?;
            if !k.channel.is_empty() {
                ws.write_string(r, 5, k.channel)?;
            }
            if !k.stage.is_empty() {
                ws.write_string(r, 6, k.stage)?;
            }
            ws.write_string(r, 7, *period)?;
            r += 1;
        }
    }
    Ok(())
}

// ------------------------------------------------------------------------------------------
// The messy survey-tool export (Microsoft Forms-like)

/// How an answer cell is written in the export.
#[derive(Clone, Copy)]
enum Style {
    Number,
    NumberAsText,
    LabelAr,
    LabelEn,
    NumberDashLabel,
    ArabicIndic,
    Persian,
}

const STYLES: [Style; 7] = [
    Style::Number,
    Style::NumberAsText,
    Style::LabelAr,
    Style::LabelEn,
    Style::NumberDashLabel,
    Style::ArabicIndic,
    Style::Persian,
];

fn digits(n: i32, zero: char) -> String {
    n.to_string()
        .chars()
        .map(|c| {
            c.to_digit(10)
                .and_then(|d| char::from_u32(zero as u32 + d))
                .unwrap_or(c)
        })
        .collect()
}

/// Inserts a tatweel (kashida) after the first Arabic letter that can join its successor,
/// the way some Arabic survey titles are stretched by hand.
fn with_tatweel(s: &str) -> String {
    let mut out = String::new();
    let mut done = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        let joins = ('\u{0628}'..='\u{064A}').contains(&c) && !"دذرزوةى".contains(c);
        if !done
            && joins
            && chars
                .peek()
                .is_some_and(|n| ('\u{0621}'..='\u{064A}').contains(n))
        {
            out.push_str("\u{0640}\u{0640}");
            done = true;
        }
    }
    out
}

/// Drops the short vowels and shadda (U+064B..=U+0652), as most people type Arabic.
fn without_harakat(s: &str) -> String {
    s.chars()
        .filter(|c| !('\u{064B}'..='\u{0652}').contains(c))
        .collect()
}

fn write_messy(model: &Model, dir: &Path) -> Res<String> {
    let mut rng = ChaCha8Rng::seed_from_u64(0x4d45_5353); // "MESS"
    let (lo, hi) = (model.scale.min.value as i32, model.scale.max.value as i32);
    let label = |v: i32, lang: Lang| -> String {
        model
            .scale
            .labels
            .iter()
            .find(|(k, _)| k.value == i64::from(v))
            .map(|(_, t)| t.get(lang).to_string())
            .unwrap_or_else(|| v.to_string())
    };

    // Headers: question text in Arabic or English, sometimes an alias, with the noise survey
    // tools and people add (spaces, case, tatweel). Header normalisation must undo all of it.
    let questions: Vec<_> = model
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter())
        .collect();
    let mut headers: Vec<String> = vec![
        "ID".into(),
        "Start time".into(),
        "Completion time".into(),
        "Email".into(),
        "Name".into(),
        "Department".into(),
    ];
    let fixed = headers.len();
    let mut header_kinds = Vec::new();
    for (i, q) in questions.iter().enumerate() {
        let (h, kind) = match i % 6 {
            _ if !q.aliases.is_empty() && i % 2 == 0 => (q.aliases[0].clone(), "alias"),
            0 => (q.text.get(Lang::Ar).to_string(), "text-ar"),
            3 => (
                without_harakat(q.text.get(Lang::Ar)),
                "text-ar-no-diacritics",
            ),
            1 => (
                format!("  {}", q.text.get(Lang::En).replace(' ', "  ")),
                "text-en-spaces",
            ),
            2 => (with_tatweel(q.text.get(Lang::Ar)), "text-ar-tatweel"),
            4 => (q.text.get(Lang::En).to_uppercase(), "text-en-upper"),
            _ => (
                format!("{} ", q.text.get(Lang::Ar).replace(' ', "  ")),
                "text-ar-spaces",
            ),
        };
        headers.push(h);
        header_kinds.push(kind);
    }
    headers.push("ملاحظات إضافية / Additional comments".into());

    let people: [(&str, &str, &str); 14] = [
        ("نورة الحربي", "noura.alharbi@example.com", "خدمة العملاء"),
        ("Omar Siddiqui", "omar.siddiqui@example.com", "Digital"),
        ("فهد القحطاني", "fahad.q@example.com", "الفروع"),
        ("Sarah Thompson", "s.thompson@example.com", "Marketing"),
        ("ريم العتيبي", "reem.otaibi@example.com", "خدمة العملاء"),
        ("عبدالله الشهري", "a.alshehri@example.com", "العمليات"),
        ("Priya Nair", "priya.nair@example.com", "Digital"),
        ("خالد الدوسري", "khalid.d@example.com", "الفروع"),
        ("هيفاء الزهراني", "haifa.z@example.com", "Marketing"),
        ("Mohammed Al-Amri", "m.alamri@example.com", "العمليات"),
        ("سلمان المطيري", "salman.m@example.com", "الفروع"),
        ("Lina Haddad", "lina.haddad@example.com", "Digital"),
        ("ماجد الغامدي", "majed.g@example.com", "خدمة العملاء"),
        ("أمل السبيعي", "amal.s@example.com", "Marketing"),
    ];
    let comments: [&str; 5] = [
        "الاستبيان طويل قليلًا لكن الأسئلة واضحة.",
        "We need one owner for complaints; today it bounces between teams.",
        "لمزيد من التفاصيل اتصلوا بي على ‎+966 55 123 4567.",
        "Happy to discuss in a workshop, mail me at omar.siddiqui@example.com",
        "أتمنى أن تُشارك النتائج مع الموظفين.",
    ];
    let blank_row_after = 6; // a fully blank row between respondents 7 and 8

    // Ground truth for the reader's tests: answers in model order as numbers, "NA" or null.
    let mut truth: Vec<serde_json::Value> = Vec::new();
    let mut cells: Vec<Vec<String>> = Vec::new(); // the CSV text of every data row
    let (mut n_na, mut n_blank) = (0, 0);
    for (i, (name, email, dept)) in people.iter().enumerate() {
        let bias = normal(&mut rng, 0.5);
        let mut row: Vec<String> = Vec::new();
        let start_min = 9 * 60 + (i as u32) * 37 % 480;
        let (h, m) = (start_min / 60, start_min % 60);
        let took = 6 + (i as u32 * 7) % 11;
        row.push((i + 1).to_string());
        row.push(format!(
            "11/{}/2026 {h}:{m:02}:{:02}",
            2 + i / 5,
            (i * 13) % 60
        ));
        row.push(format!(
            "11/{}/2026 {h}:{:02}:{:02}",
            2 + i / 5,
            m + took.min(59 - m),
            (i * 29) % 60
        ));
        row.push(email.to_string());
        row.push(name.to_string());
        row.push(dept.to_string());
        let mut answers = Vec::new();
        // Respondent 10 straight-lines (all "موافق").
        let straight = i == 9;
        for (qi, _) in questions.iter().enumerate() {
            let v = ((2.9 + bias + normal(&mut rng, 0.8)).round() as i32).clamp(lo, hi);
            let p: f64 = rng.r#gen();
            if !straight && p < 0.04 {
                n_na += 1;
                row.push(["N/A", "NA", "لا ينطبق"][qi % 3].to_string());
                answers.push(serde_json::Value::from("NA"));
            } else if !straight && p < 0.07 {
                n_blank += 1;
                row.push(String::new());
                answers.push(serde_json::Value::Null);
            } else {
                let v = if straight { 4 } else { v };
                let style = if straight {
                    Style::LabelAr
                } else {
                    STYLES[rng.gen_range(0..STYLES.len())]
                };
                row.push(match style {
                    Style::Number | Style::NumberAsText => v.to_string(),
                    Style::LabelAr => label(v, Lang::Ar),
                    Style::LabelEn => label(v, Lang::En),
                    Style::NumberDashLabel => format!("{v} - {}", label(v, Lang::En)),
                    Style::ArabicIndic => digits(v, '٠'),
                    Style::Persian => digits(v, '۰'),
                });
                // Keep the style so the xlsx writes real numbers where the export would.
                if let (Style::Number, Some(cell)) = (style, row.last_mut()) {
                    cell.insert(0, '\u{1}');
                }
                answers.push(serde_json::Value::from(v));
            }
        }
        row.push(if i % 3 == 0 {
            comments[(i / 3) % comments.len()].to_string()
        } else {
            String::new()
        });
        truth.push(serde_json::json!({ "id": (i + 1).to_string(), "answers": answers }));
        cells.push(row);
        if i == blank_row_after {
            cells.push(vec![String::new(); headers.len()]);
        }
    }

    // --- xlsx: one sheet "Form1", as Microsoft Forms exports it ----------------------------
    let mut wb = workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name("Form1")?;
    let dt_fmt = Format::new().set_num_format("m/d/yy h:mm:ss");
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, h)?;
    }
    for (r, row) in cells.iter().enumerate() {
        let r = (r + 1) as u32;
        for (c, v) in row.iter().enumerate() {
            let col = c as u16;
            if v.is_empty() {
                continue;
            }
            if let Some(n) = v.strip_prefix('\u{1}') {
                ws.write_number(r, col, n.parse::<f64>()?)?;
            } else if c == 0 {
                ws.write_number(r, col, v.parse::<f64>()?)?;
            } else if c == 1 || c == 2 {
                ws.write_datetime_with_format(r, col, forms_datetime(v)?, &dt_fmt)?;
            } else {
                ws.write_string(r, col, v)?;
            }
        }
    }
    wb.save(dir.join("forms-export.xlsx"))?;

    // --- CSV: UTF-8 with BOM, semicolons (Excel's "CSV UTF-8" in an Arabic/European locale) --
    let mut buf: Vec<u8> = "\u{FEFF}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut buf);
        w.write_record(&headers)?;
        for row in &cells {
            w.write_record(row.iter().map(|v| v.trim_start_matches('\u{1}')))?;
        }
        w.flush()?;
    }
    fs::write(dir.join("forms-export.csv"), buf)?;

    let ignored: Vec<&str> = headers[..fixed]
        .iter()
        .map(String::as_str)
        .chain([headers[headers.len() - 1].as_str()])
        .collect();
    let expected = serde_json::json!({
        "about": "Ground truth for forms-export.xlsx (sheet Form1) and forms-export.csv, written by examples/gen_samples.rs. Answers are in model order (assessments/cx-maturity.yaml): a number, \"NA\" for a not-applicable answer, null for a blank cell.",
        "question_ids": questions.iter().map(|q| q.id.value.clone()).collect::<Vec<_>>(),
        "header_kinds": header_kinds,
        "columns_matching_no_question": ignored,
        "respondents": truth.len(),
        "blank_rows": 1,
        "blank_row_sheet_row": blank_row_after + 3,
        "not_applicable_answers": n_na,
        "blank_answers": n_blank,
        "straightliner_ids": ["10"],
        "data": truth,
    });
    fs::write(
        dir.join("expected.json"),
        serde_json::to_string_pretty(&expected)? + "\n",
    )?;
    Ok(format!(
        "{} respondents + 1 blank row, {} question columns, {n_na} N/A, {n_blank} blank answers",
        truth.len(),
        questions.len()
    ))
}

/// Parses the export's `11/3/2026 9:14:22` (month/day/year) into an Excel date-time.
fn forms_datetime(s: &str) -> Res<ExcelDateTime> {
    let (date, time) = s.split_once(' ').ok_or("no time")?;
    let d: Vec<u16> = date.split('/').map(str::parse).collect::<Result<_, _>>()?;
    let t: Vec<u16> = time.split(':').map(str::parse).collect::<Result<_, _>>()?;
    match (d.as_slice(), t.as_slice()) {
        ([m, day, y], [h, min, sec]) => {
            Ok(ExcelDateTime::from_ymd(*y, *m as u8, *day as u8)?.and_hms(*h, *min as u8, *sec)?)
        }
        _ => Err(format!("bad date-time {s}").into()),
    }
}

/// The government sample (`samples/gov-ar/`): three assessors rate the 20 practices of
/// `assessments/gov-cx.yaml` against evidence, with consensus rows where they differed by two
/// or more (one such practice is left without, as a disagreement), and a small staff survey
/// beside it that rates the entity higher than the evidence does (the perception gap).
/// The assessors' ratings are each practice's implementation (below) with a seeded ±1
/// deviation now and then.
fn write_gov(root: &Path, out: &Path) -> Res<String> {
    let yaml = fs::read_to_string(root.join("assessments/gov-cx.yaml"))?;
    let model: Model = serde_saphyr::from_str(&yaml)?;
    let mut rng = ChaCha8Rng::seed_from_u64(20261130);
    // (practice, implementation 0-4, evidence seen)
    let profile: &[(&str, i32, &str)] = &[
        (
            "DG1",
            4,
            "استراتيجية تجربة المستفيد 2026-2028 المعتمدة من مجلس الإدارة",
        ),
        (
            "DG2",
            3,
            "قرار إنشاء إدارة تجربة المستفيد وبطاقات الوصف الوظيفي",
        ),
        (
            "DG3",
            2,
            "محضران فقط للجنة التجربة خلال العام، دون قرارات متابعة",
        ),
        ("DG4", 3, "بند ميزانية لمبادرات التجربة في خطة 2026"),
        (
            "DG5",
            1,
            "لا ترتبط مؤشرات التجربة بتقييم الأداء إلا في إدارة واحدة",
        ),
        ("BI1", 3, "استبيانات ربعية عبر الرسائل النصية والموقع"),
        ("BI2", 2, "مسودة وثيقة شرائح المستفيدين غير معتمدة"),
        ("BI3", 2, "خريطتا رحلة لخدمتي الرخص والشكاوى فقط"),
        ("BI4", 1, "اختبار واحد لقابلية الاستخدام لبوابة الخدمات"),
        ("BI5", 0, "لا توجد آلية للتصميم المشترك"),
        ("SD1", 4, "ميثاق الخدمة منشور في البوابة ومكاتب الخدمة"),
        ("SD2", 3, "نظام موحد للشكاوى، ونسبة الإغلاق في المدة ٨٧٪"),
        ("SD3", 3, "تقارير فصلية لتحليل الأسباب الجذرية"),
        ("SD4", 3, "زيارات ميدانية لثلاثة مراكز وتسوق خفي للبوابة"),
        ("SD5", 1, "خدمة استباقية واحدة (تجديد الرخص)"),
        ("MI1", 3, "منهجية قياس الرضا وتقارير 2025"),
        ("MI2", 3, "بطاقة الأداء المؤسسي بمستهدفات 2026"),
        ("MI3", 1, "لوحات متابعة منفصلة للرضا والعمليات"),
        ("MI4", 2, "رسائل «قلتم وفعلنا» لخدمتين"),
        ("MI5", 0, "لم يُقس أثر أي مبادرة"),
    ];
    let ids: Vec<String> = model
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter().map(|q| q.id.value.clone()))
        .collect();
    let listed: Vec<&str> = profile.iter().map(|p| p.0).collect();
    if ids != listed {
        return Err(
            format!("samples/gov-ar: the profile lists {listed:?}, the model {ids:?}").into(),
        );
    }
    let assessors = ["ليلى الحربي", "خالد العتيبي", "ريم الزهراني"];
    // The practice whose disagreement is left for the report to show.
    let open = "BI4";
    let mut wb = workbook()?;
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name("التقييم")?;
    ws.set_right_to_left(true);
    header(
        ws,
        &["المقيّم", "العبارة", "التقييم", "الدليل", "ملاحظة"],
        &bold,
    )?;
    ws.set_column_width(3, 60)?;
    let mut r = 1u32;
    let (mut consensus_rows, mut rows) = (0, 0);
    for (i, (id, level, seen)) in profile.iter().enumerate() {
        let mut given = Vec::new();
        for (a, name) in assessors.iter().enumerate() {
            let dev = match rng.gen_range(0..10) {
                0 | 1 => -1,
                2 | 3 => 1,
                _ => 0,
            };
            let mut rating = (level + dev).clamp(0, 4);
            if *id == open {
                rating = [0, 1, 3][a];
            }
            given.push(rating);
            ws.write_string(r, 0, *name)?;
            ws.write_string(r, 1, *id)?;
            // One rating typed with Arabic-Indic digits, one as its scale label.
            match (i, a) {
                (2, 1) => ws.write_string(r, 2, digits(rating, '٠'))?,
                (6, 2) => ws.write_string(r, 2, gov_label(rating))?,
                _ => ws.write_number(r, 2, f64::from(rating))?,
            };
            if a == 0 {
                ws.write_string(r, 3, *seen)?;
            }
            r += 1;
            rows += 1;
        }
        let spread = given.iter().max().unwrap_or(&0) - given.iter().min().unwrap_or(&0);
        if spread >= 1 && *id != open {
            ws.write_string(r, 0, "إجماع")?;
            ws.write_string(r, 1, *id)?;
            ws.write_number(r, 2, f64::from(*level))?;
            ws.write_string(r, 3, *seen)?;
            ws.write_string(r, 4, "اعتُمد في اجتماع الإجماع")?;
            r += 1;
            consensus_rows += 1;
        }
    }
    // The staff survey: 15 employees rate the same practices, about a point higher.
    let ws = wb.add_worksheet();
    ws.set_name("Responses")?;
    ws.set_right_to_left(true);
    let mut cols = vec!["respondent"];
    cols.extend(listed.iter().copied());
    header(ws, &cols, &bold)?;
    let staff = 15;
    for s in 0..staff {
        let row = s + 1;
        ws.write_string(row, 0, format!("E{:02}", s + 1))?;
        for (c, (_, level, _)) in profile.iter().enumerate() {
            let v = (f64::from(*level) + 1.0 + normal(&mut rng, 0.7)).round() as i32;
            ws.write_number(row, c as u16 + 1, f64::from(v.clamp(0, 4)))?;
        }
    }
    let dir = out.join("samples/gov-ar");
    fs::create_dir_all(&dir)?;
    wb.save(dir.join("assessment.xlsx"))?;
    Ok(format!(
        "{rows} ratings by {} assessors, {consensus_rows} consensus rows, {staff} survey respondents",
        assessors.len()
    ))
}

/// The gov-cx scale label of a rating.
fn gov_label(v: i32) -> &'static str {
    match v {
        0 => "غير مطبق",
        1 => "مطبق بشكل متفرق",
        2 => "مطبق جزئيًا",
        3 => "مطبق غالبًا",
        _ => "مطبق بالكامل",
    }
}
