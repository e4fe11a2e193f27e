using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;

namespace LearnHub.Benchmarks.Province;

public sealed record UnitRow(int Id, string Code, string Name);

public sealed record OrganizationRow(int Id, string Name, string CreditCode, OrganizationKind Kind, OrganizationField Field,
    EvaluationGrade Grade, PartyOrganizationForm PartyForm, int UnitId);

public sealed record PersonRow(int Id, string Name, Gender Gender, string Mobile, int OrganizationId, Tier Tiers);

public sealed record PositionRow(int Id, int PersonId, PositionKind Kind, DateOnly AppointedOn);

public sealed record LedgerRow(long Id, int PersonId, DateOnly Date, double Hours, LedgerSource Source, bool Centralized,
    string Reference, string? CreditKey, string Note, DateTimeOffset RecordedAt, long? ReversesEntryId);

/// <summary>
/// A province of social organizations, generated from a seed so every run and both databases hold the
/// same rows: units of uneven size (the first one supervises <see cref="BenchmarkUnitOrganizations"/>
/// organizations), organizations of 4–16 people with a leader, a Party organization (own, joint or an
/// instructor only) and its secretary and committee, Party members, activists, staff and volunteers;
/// and a ledger over three years that is mostly online micro-lessons, with centralized classes and
/// live lectures (more of them for Party officers), imported records, adjustments and about one
/// reversal in a hundred lines.
/// </summary>
public sealed class ProvinceData(int organizations = 10_000, int people = 100_000, long entries = 5_000_000, int seed = 2026)
{
    public const int BenchmarkUnitOrganizations = 500;
    public const int Units = 60;

    public static readonly DateOnly Today = new(2026, 11, 23);
    public static readonly int[] Years = [2024, 2025, 2026];

    private static readonly string[] Cities = ["成都市", "自贡市", "攀枝花市", "泸州市", "德阳市", "绵阳市", "广元市", "遂宁市", "内江市", "乐山市",
        "南充市", "眉山市", "宜宾市", "广安市", "达州市", "雅安市", "巴中市", "资阳市", "阿坝州", "甘孜州", "凉山州"];
    private static readonly string[] Districts = ["", "锦江区", "青羊区", "金牛区", "武侯区", "高新区", "东区", "西区", "南区", "北区", "新区", "城关"];
    private static readonly string[] Topics = ["软件行业", "餐饮行业", "律师", "注册会计师", "建筑业", "物流", "养老服务", "青少年发展", "慈善", "志愿者",
        "书法家", "摄影家", "音乐家", "科技创新", "农业技术", "中医药", "旅游", "电子商务", "物业管理", "家政服务", "残疾人康复", "社区治理",
        "环境保护", "文化交流", "体育健身", "茶叶", "白酒", "汽车维修", "教育培训", "心理咨询"];
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
        "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀",
        "霞", "平", "刚", "桂", "英", "华", "建", "国", "文", "红", "玉", "兰", "志", "海", "波", "宁", "晨", "雪", "思", "雨", "欣", "浩"];
    private static readonly string[] CourseTitles = ["社会组织法人治理", "党的创新理论学习", "三会一课规范", "财务与资产管理", "社会组织登记管理条例解读",
        "主题党日活动设计", "慈善法要点", "非营利组织税收", "年检与评估准备", "换届选举程序"];

    public int Organizations => organizations;

    public int People => people;

    public long Entries => entries;

    public static IEnumerable<UnitRow> UnitRows()
    {
        yield return new UnitRow(1, "unit-001", "四川省民政厅直属社会组织主管处");
        for (var i = 2; i <= Units; i++)
        {
            yield return new UnitRow(i, $"unit-{i:D3}", $"{Cities[i % Cities.Length]}业务主管单位{i:D3}");
        }
    }

    /// <summary>The unit an organization belongs to: the first 500 to unit 1, the rest spread over the others.</summary>
    public static int UnitOf(int organizationId) =>
        organizationId <= BenchmarkUnitOrganizations ? 1 : 2 + ((organizationId - BenchmarkUnitOrganizations - 1) % (Units - 1));

    public IEnumerable<OrganizationRow> OrganizationRows()
    {
        var random = new Random(seed);
        for (var id = 1; id <= organizations; id++)
        {
            var kind = Pick(random, [(OrganizationKind.SocialGroup, 45), (OrganizationKind.SocialServiceInstitution, 35), (OrganizationKind.Foundation, 5),
                (OrganizationKind.Intermediary, 5), (OrganizationKind.CommunityOrganization, 10)]);
            var field = Pick(random, [(OrganizationField.Economy, 30), (OrganizationField.ScienceTechnology, 10), (OrganizationField.Livelihood, 35),
                (OrganizationField.CultureArts, 15), (OrganizationField.Other, 10)]);
            var grade = Pick(random, [(EvaluationGrade.None, 60), (EvaluationGrade.A1, 3), (EvaluationGrade.A2, 7), (EvaluationGrade.A3, 15),
                (EvaluationGrade.A4, 10), (EvaluationGrade.A5, 5)]);
            var party = Pick(random, [(PartyOrganizationForm.Own, 30), (PartyOrganizationForm.Joint, 30), (PartyOrganizationForm.InstructorOnly, 40)]);
            var suffix = kind switch
            {
                OrganizationKind.SocialGroup => "协会",
                OrganizationKind.SocialServiceInstitution => "服务中心",
                OrganizationKind.Foundation => "基金会",
                OrganizationKind.Intermediary => "事务所",
                _ => "社区服务社",
            };
            var name = $"{Cities[random.Next(Cities.Length)]}{Districts[random.Next(Districts.Length)]}{Topics[random.Next(Topics.Length)]}{suffix}";
            var kindDigit = kind switch { OrganizationKind.Foundation => '2', OrganizationKind.SocialServiceInstitution => '2', _ => '1' };
            var first17 = FormattableString.Invariant($"5{kindDigit}510100MJ{id:D7}");
            yield return new OrganizationRow(id, name, first17 + CreditCode.CheckCharacter(first17), kind, field, grade, party, UnitOf(id));
        }
    }

    /// <summary>Organization sizes that vary from 4 to 16 and add up to exactly the number of people.</summary>
    private int[] Sizes()
    {
        var random = new Random(seed + 1);
        var average = people / organizations;
        var sizes = new int[organizations];
        for (var i = 0; i < organizations; i += 2)
        {
            var delta = random.Next(-6, 7);
            sizes[i] = average + delta;
            if (i + 1 < organizations)
            {
                sizes[i + 1] = average - delta;
            }
        }

        sizes[^1] += people - sizes.Sum();
        return sizes;
    }

    /// <summary>People and their positions, organization by organization.</summary>
    public IEnumerable<(PersonRow Person, IReadOnlyList<PositionRow> Positions)> PeopleRows()
    {
        var random = new Random(seed + 2);
        var sizes = Sizes();
        var forms = OrganizationRows().Select(o => o.PartyForm).ToArray();
        var personId = 0;
        var positionId = 0;
        for (var organization = 1; organization <= organizations; organization++)
        {
            var form = forms[organization - 1];
            for (var k = 0; k < sizes[organization - 1]; k++)
            {
                personId++;
                var kinds = new List<PositionKind>(2);
                if (k == 0)
                {
                    kinds.Add(PositionKind.Leader);
                    if (random.Next(100) < 70) kinds.Add(PositionKind.LegalRepresentative);
                }
                else if (k == 1 && form != PartyOrganizationForm.InstructorOnly)
                {
                    kinds.Add(PositionKind.Secretary);
                }
                else if (k == 1)
                {
                    kinds.Add(PositionKind.Instructor);
                }
                else if (k <= 3 && form == PartyOrganizationForm.Own)
                {
                    kinds.Add(random.Next(3) == 0 ? PositionKind.DeputySecretary : PositionKind.CommitteeMember);
                }
                else
                {
                    kinds.Add(Pick(random, [(PositionKind.PartyMember, 30), (PositionKind.Activist, 8), (PositionKind.Staff, 47), (PositionKind.Volunteer, 15)]));
                }

                if (k == 0 && form == PartyOrganizationForm.Own && random.Next(100) < 25)
                {
                    // A leader who is also a Party member, as many are.
                    kinds.Add(PositionKind.PartyMember);
                }

                var positions = kinds.Select(kind => new PositionRow(++positionId, personId, kind, Appointed(random, kind))).ToList();
                var name = Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)] + (random.Next(2) == 0 ? Given[random.Next(Given.Length)] : "");
                var mobile = (13_000_000_000L + (personId * 7919L % 1_000_000_000L) + (personId / 1_000_000_000L)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                yield return (new PersonRow(personId, name, random.Next(2) == 0 ? Gender.Male : Gender.Female, mobile, organization,
                    TierRules.Derive(kinds)), positions);
            }
        }
    }

    private static DateOnly Appointed(Random random, PositionKind kind)
    {
        // One secretary in eight was appointed within the last year, so the six-month rule has work to do.
        if (kind == PositionKind.Secretary && random.Next(8) == 0)
        {
            return Today.AddDays(-random.Next(1, 365));
        }

        return new DateOnly(2012, 1, 1).AddDays(random.Next(0, 365 * 13));
    }

    /// <summary>
    /// Ledger lines person by person, dated in order, with ids given here so a reversal can point at
    /// the line it reverses. Counts vary per person and add up to exactly <see cref="Entries"/>.
    /// </summary>
    public IEnumerable<LedgerRow> LedgerRows()
    {
        var random = new Random(seed + 3);
        var tiers = PeopleRows().Select(p => p.Person.Tiers).ToArray();
        var average = (int)(entries / people);
        var remainder = entries - ((long)average * people);
        var id = 0L;
        var lines = new List<LedgerRow>(average * 3);
        var recordedAt = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        var delta = 0;
        for (var person = 1; person <= people; person++)
        {
            // Pairs of people: one above the average by as much as the other is below.
            delta = person % 2 == 1 ? random.Next(-(average * 3 / 5), (average * 3 / 5) + 1) : -delta;
            var count = average + delta + (person <= remainder ? 1 : 0);
            if (person == people && people % 2 == 1)
            {
                count = average + (person <= remainder ? 1 : 0);
            }

            var officer = (tiers[person - 1] & (Tier.Secretaries | Tier.Leaders)) != 0;
            var member = (tiers[person - 1] & Tier.Members) != 0;
            var dates = new DateOnly[count];
            for (var i = 0; i < count; i++)
            {
                var year = Years[Pick(random, [(0, 30), (1, 35), (2, 35)])];
                var last = year == Today.Year ? Today.DayOfYear - 1 : 365;
                dates[i] = new DateOnly(year, 1, 1).AddDays(random.Next(last));
            }

            Array.Sort(dates);
            lines.Clear();
            for (var i = 0; i < count; i++)
            {
                id++;
                var reversible = lines.Count > 0 && random.Next(100) == 0;
                if (reversible)
                {
                    var target = lines[random.Next(lines.Count)];
                    if (target.ReversesEntryId is null && !lines.Any(l => l.ReversesEntryId == target.Id))
                    {
                        lines.Add(new LedgerRow(id, person, target.Date, -target.Hours, target.Source, target.Centralized, target.Reference, null,
                            "记录有误，予以冲销", recordedAt, target.Id));
                        continue;
                    }
                }

                var roll = random.Next(100);
                var centralizedShare = officer ? 14 : member ? 10 : 4;
                var (source, centralized, hours, reference, key) =
                    roll < centralizedShare / 2 ? (LedgerSource.InPersonAttendance, true, random.Next(2) == 0 ? 3.75 : 7.5, $"session:{id}", $"session:{i}")
                    : roll < centralizedShare ? (LedgerSource.LiveLecture, true, random.Next(1, 3) * 1.0, $"live:{id}", $"live:{i}")
                    : roll < 92 ? (LedgerSource.CourseCompletion, false, random.Next(1, 9) * 0.25, $"course:{i}", $"course:{i}")
                    : roll < 97 ? (LedgerSource.ExternalRecord, random.Next(3) == 0, random.Next(1, 7) * 3.75, $"ext-{id}", (string?)null)
                    : (LedgerSource.ManualAdjustment, false, random.Next(1, 5) * 0.5, "adjustment", (string?)null);
                lines.Add(new LedgerRow(id, person, dates[i], hours, source, centralized, reference, key,
                    CourseTitles[random.Next(CourseTitles.Length)], recordedAt, null));
            }

            foreach (var line in lines)
            {
                yield return line;
            }
        }
    }

    private static T Pick<T>(Random random, (T Value, int Weight)[] choices)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if (roll < weight)
            {
                return value;
            }

            roll -= weight;
        }

        return choices[^1].Value;
    }
}
