"""The words of civil-society news as concepts shared by the eight partner languages: pure data.

A translation keeps what a post is about ("court", "school", "applications", "twenty") while
every word changes; `translation` compares posts in two languages by these concepts. Written
for this project from general knowledge of English, Swedish, Russian, Kyrgyz, Kazakh, Uzbek
(Latin), Tajik (Cyrillic) and Polish.

Each row of CONCEPT_ROWS is `concept | en | sv | ru | ky | kk | uz | tg | pl`: stems separated
by spaces, matched as word prefixes after the fingerprint's folding (casefold, no diacritics,
no apostrophes), the longest matching stem of the word's language winning, so Kyrgyz, Kazakh,
Uzbek, Tajik, Russian and Polish endings do not matter. A stem ending in "=" matches only the
whole word (short or ambiguous roots). Concept "-" marks stems that are something else
("судьба" is not "суд"): the longest match then means no concept. A concept whose id starts
with "~" is broad (every post of a human-rights partner says "rights"): it counts for less.
A long row goes on in indented lines. Rows may repeat a concept: the stems add up. A stem
listed under two concepts means both.

NUMBER_ROWS, same layout with a value first: number words, ordinals included ("second day"
is day 2). A value prefixed "~" is weak ("one", "bir", "як" are also the indefinite article):
it counts only inside a compound ("он бир" is 11).
"""

from __future__ import annotations

LANGUAGES = ("en", "sv", "ru", "ky", "kk", "uz", "tg", "pl")

CONCEPT_ROWS = """
court | court courts courtroom tribunal | domstol tingsrätt hovrätt rätten= | суд= суда= суде= судом= суды= судов=
    судам= судах= судебн | сот сотто | сот | sud= sudi sudg sudda sudla sudning | суд= суди судд судҳо | sąd sądow
- | | fredag | судьб судн судор правил правд гражданск центральн задержк пытаю пытает пытался приемлем начальник
    советск новост детал детект | жаңылык жарандык алтынч карыз | жаңалық азаматтық | yangilik fuqarolik | шаҳрванд
    | prawd prawie obywatelsk nowośc
trial | trial trials | rättegång rättegång | процесс судилищ | процесс | процесс | | мурофиа | proces procesie
    rozpraw
hearing | hearing hearings session= sessions | förhandling | заседани слушани | отурум угуу угуусу | отырыс тыңда |
    majlis tinglov eshitu | ҷаласа баррас | rozpraw posiedzen
verdict | verdict sentence sentenced convicted conviction acquitted | dom= domen= dömd dömde fälld frikänd |
    приговор осужд оправда | өкүм соттолд | үкім сотталд | hukm sudland | ҳукм маҳкум | wyrok skazan uniewinn
appeal | appeal appeals appealed cassation | överklag | апелляц обжал кассац | апелляц | апелляц | apellyatsiya |
    апеллятс кассатс | apelac kasac
judge | judge judges | domare | судь | судья | судья | sudya | судя | sędzi
lawyer | lawyer lawyers attorney counsel | advokat jurist | адвокат юрист | адвокат юрист | адвокат заңгер | advokat
    huquqshunos | адвокат ҳуқуқшинос | adwokat prawnik
prosecutor | prosecutor prosecutors prosecution | åklagar | прокурор прокуратур | прокурор айыптоо | прокурор
    айыптау | prokuror ayblov | прокурор айбдор | prokurat oskarż
prison | prison prisons jail prisoner prisoners imprisonment penitentiary colony | fängelse fånge fångar | тюрьм
    заключен колони сизо | түрмө камак абак | түрме қамау абақ колония | qamoq mahbus koloniya | зиндон маҳбас ҳабс
    | więzien więźni
detained | detained detention arrested arrest custody | gripen gripna gripit anhållen frihetsber häkt | задержа
    арест | кармал камакка | ұстал қамауға | hibs ushland ushlab | боздошт ҳабс | zatrzym aresztow
police | police policemen officers | polis | полиц милиц | милиция полиция | полиция | politsiya militsiya | милиса
    полис | polic
torture | torture tortured | tortyr misshandel | пытк | кыйноо кыйна | азаптау қинау | qiynoq | шиканҷа | tortur
training | training trainings trained workshop workshops | utbildning kurs workshop verkstad | тренинг обучен воркшоп
    мастерск | тренинг окутуу окуу устакана | тренинг оқыту оқу шеберхана | trening oqitish oquv ustaxona | тренинг
    омӯзиш устохона | szkoleni warsztat kurs pracowni
seminar | seminar seminars webinar webinars | seminari webbinari | семинар вебинар | семинар вебинар | семинар
    вебинар | seminar vebinar | семинар вебинар | seminari webinari
school | school schools | skola skolan skolor | школ медиашкол | мектеп | мектеп | maktab | мактаб | szkoł szkol
youth | youth young youngsters | ungdom unga= ungdomar | молод юнош | жаштар жаш= жаштарды жаштарга жаштардын |
    жастар жас= жастарды жастарға | yoshlar yosh= | ҷавон | młodzież młod
students | student students | student | студент | студент | студент | talaba student | донишҷӯ студент | student
children | child children kids | barn= barnen barnens | дет ребен | бала балдар | бала балалар | bola bolalar |
    кӯдак бачаҳо | dzieci dziec
women | woman women female | kvinn | женщин женск | аял аялдар | әйел | ayol xotin-qiz | зан= занон занҳо | kobiet
girls | girl girls | flick | девоч девушк | кыз= кыздар | қыз= қыздар | qiz= qizlar | духтар | dziewcz
men | men= man= male | män= | мужчин | эркек | ер= ерлер | erkak | мардон мард= | mężczyzn
migrants | migrant migrants migration labour | migrant migration | мигрант миграц трудов | мигрант миграц эмгек |
    мигрант еңбек | migrant mehnat muhojir | муҳоҷир мигрант | migrant migrac
refugees | refugee refugees asylum | flykting asyl | беженц убежищ | качкын | босқын | qochqin | гуреза | uchodźc
    azyl
election | election elections elect elected vote voting voters polls | val= valet valen rösta väljare | выбор избира
    голосов | шайлоо добуш | сайлау дауыс | saylov ovoz | интихоб овоз | wybor głosow
observers | observer observers observation | observatör valobservat | наблюдат наблюден | байкоочу байкоо |
    бақылаушы бақылау | kuzatuvchi kuzatuv | нозир мушоҳид | obserwator obserwac
report | report reports reported | rapport | доклад отчет отчёт | баяндама отчет | баяндама есеп есеб | hisobot maruza |
    гузориш ҳисобот | raport sprawozd
monitoring | monitoring monitor monitors monitored | granskning bevakning monitor | мониторинг монитор | мониторинг
    монитор | мониторинг монитор | monitoring monitor | мониторинг монитор назорат | monitoring monitor
petition | petition petitions signatures | namninsamling upprop namnunderskr | петици подпис | петиция | петиция |
    petitsiya imzo | дархост петиция имзо | petycj podpis
appeal_letter | letter letters | brev= brevet | письм обращени | кат= каты кайрылуу | хат= үндеу | xat= maktub
    | нома= номаи | list= listu apel
residents | residents resident inhabitants locals citizens | invånare boende medborgare | жител гражда | тургун
    жаран | тұрғын азамат | aholi yashovchi fuqaro | сокин | mieszkańc obywatel
journalist | journalist journalists reporter reporters blogger | journalist reporter bloggare | журналист репортер
    блогер блоггер | журналист кабарчы блогер | журналист тілші блогер | jurnalist muxbir bloger | журналист
    рӯзноманигор хабарнигор блогер | dziennikar reporter bloger
media | media press newspaper outlet outlets | medier press tidning | сми= медиа пресс газет медиашкол | жалпыга
    медиа гезит басма | бақ= медиа газет баспасөз | ommaviy media gazeta matbuot | расонаҳо медиа рӯзнома матбуот |
    media mediów pras gazet
~rights | rights right= | rättighet rätt= rätten= | прав | укук | құқық | huquq | ҳуқуқ | praw
~human | human humans people person | människ person | челов люд | адам= адамдар адамдын адамдык адамдарга | адам=
    адамдар адамның | inson odam | инсон одам | człowiek ludz
violence | violence violent abuse domestic | våld misshandel | насили побо | зордук зомбулук | зорлық зомбылық |
    zoravonlik zorlik | зӯроварӣ хушунат | przemoc
discrimination | discrimination discriminated equality | diskrimin jämställd | дискримин равенств | дискримин
    теңчилик басмырлоо | кемсіт теңдік дискрим | kamsitish tenglik diskrim | табъиз баробар | dyskrymin równoś
camp | camp camps | läger lägr | лагер | лагер | лагер | lager oromgoh | лагер | obóz obozie obozu obozow
festival | festival festivals | festival | фестивал | фестивал | фестивал | festival | фестивал | festiwal
volunteer | volunteer volunteers volunteering | volontär frivillig | волонтер волонтёр доброволь | волонтер ыктыярчы
    | волонтер ерікті | volontyor ixtiyoriy kongilli | волонтёр волонтер ихтиёр | wolontariu
apply | apply applications application applicants deadline | ansök ansökan anmäl | заявк прием подать набор | арыз
    кабыл= кабылдама тапшыр | өтінім қабылда тапсыр | ariza qabul= topshir | ариза қабул |
    zgłosz zgłoś nabór naboru rekrutac aplikac
open | open opens opened opening launch launches launched start starts started begins began | öppn start börjar
    började lanser invig | открыт открыл открыва откро старт начал начина запуск | ачыл ачык ачат башта старт | ашыл
    ашық ашты баста | ochil ochiq ochdi boshlan boshla | кушода кушод оғоз ифтитоҳ | otwar otworz start rozpocz
    ruszy
close | close closed closure shut | stäng | закрыт закрыл | жабыл | жабыл | yopil | баста= басташуд | zamkn
council | council councils board assembly parliament | råd= rådet fullmäktige styrelse riksdag | совет депутат
    парламент жогорку маслихат | кеңеш жогорку | кеңес мәжіліс мәслихат парламент | kengash parlament majlis |
    шӯро маҷлис парламент | rada rady radzie sejm parlament
law | law laws legislation | lag= lagen lagar lagstift | закон | мыйзам закон | заң | qonun | қонун | ustaw prawo=
    prawa=
draft | draft bill amendment amendments proposal | förslag utkast lagförslag ändring | законопроект проект поправк |
    долбоор өзгөртүү | жоба түзету | loyiha ozgartish | лоиҳа тағйир | projekt poprawk nowelizac
ban | ban= banned bans= prohibit prohibited restriction restrictions | förbud förbjud begränsning | запрет ограничен
    | тыюу чектөө | тыйым шектеу | taqiq cheklov | манъ маҳдуд | zakaz ogranicz
gas | gas | gas= gasen | газ | газ | газ | gaz | газ | gaz
water | water drinking | vatten dricksvatten | вод= воды= воде= водой водо питьев | суу= суусу суунун ичүүчү | су=
    суы= | suv ichimlik | об= оби обу нӯшокӣ | wod= wody wodę wodzie wodoc
air | air= pollution polluted smog | luft luftförorening smog | воздух загрязн смог | аба= абанын булгануу смог |
    ауа= ластан смог | havo ifloslan smog | ҳаво ифлос | powietrz zanieczysz smog
land | land lands plot plots pasture pastures | mark= marken jord= betesmark | земл участок участка участки пастбищ
    | жер= жерди жери жердин участок жайыт | жер= жерді учаск жайылым | yer= yerlar yerni yaylov | замин чарогоҳ |
    ziemi grunt działk pastwisk
environment | environment environmental climate ecology ecological | miljö klimat ekolog | экологи климат окружающ |
    экология климат айлана | экология климат қоршаған | ekologiya iqlim atrof | экология иқлим муҳит | środowisk
    klimat ekolog
book | book= books= | bok= boken böcker | книг | китеп | кітап | kitob | китоб | książk
podcast | podcast podcasts episode | podd podcast avsnitt | подкаст | подкаст чыгарылыш | подкаст шығарылым |
    podkast son= | подкаст | podcast odcin
film | film films documentary movie screening | film dokumentär visning | фильм кино кинопоказ | фильм кино | фильм
    кино | film kino | филм фильм кино | film dokumentaln pokaz
exhibition | exhibition exhibitions gallery fair= fairs | utställning mässa mässan | выставк ярмарк | көргөзмө
    жарманке | көрме жәрмеңке | korgazma yarmarka | намоиш намоишгоҳ ярмарка | wystaw jarmark kiermasz targi=
shop | shop shops store market | butik affär marknad | магазин рынок рынк базар | дүкөн базар | дүкен базар | dokon
    bozor | мағоза бозор | sklep rynek targ
centre | centre center centres centers | center centr | центр | борбор центр | орталық центр | markaz | марказ |
    centrum ośrod
consultation | consultation consultations advice counselling legal aid hotline | rådgivning juridisk råd= |
    консультац юридическ помощ | кеңеш= консультац | кеңес= консультац | maslahat konsultatsiya | машварат маслиҳат
    | porad konsultac prawn
free | free= charge | gratis kostnadsfri avgiftsfri | бесплатн | акысыз бекер | тегін | bepul tekin | ройгон бепул |
    bezpłatn darmow
help | help helped helping support supported assistance aid | hjälp stöd bistånd | помощ помог поддерж | жардам
    колдоо | көмек қолдау | yordam qollab | ёрӣ= кӯмак дастгир | pomoc pomag wspar
donation | donation donations fundrais donate | insamling gåva donation | пожертв сбор= сбора= | кайрымдуулук |
    қайырымдылық | xayriya mablag | хайрия маблағ | zbiórk zbiera darowizn
grant | grant grants funding fund | bidrag stipend fond | грант финансир фонд | грант каржылоо фонд | грант
    қаржыландыру қор= | grant moliyalash jamgarma | грант маблағгузор фонд | grant dotac fundusz
competition | competition contest award prize winners | tävling pris vinnare | конкурс преми награ победит | сынак
    конкурс сыйлык жеңүүчү | байқау конкурс сыйлық жеңімпаз | tanlov mukofot goliblar | озмун ҷоиза ғолиб | konkurs
    nagrod zwycięz
conference | conference conferences congress summit | konferens kongress | конференц съезд саммит | конференц
    курултай | конференц құрылтай | konferensiya anjuman | конфронс конференс | konferencj kongres
forum | forum forums | forum | форум | форум | форум | forum | форум | forum
meeting | meeting meetings meet met= gathering | möte möten träff årsmöte | встреч собрани собрал заседани |
    жолугушуу жыйын чогулуш | кездесу жиналыс | uchrashuv yigilish | вохӯр ҷамъомад | spotkan zebran
discussion | discussion discussed debate roundtable round-table dialogue | diskussion debatt samtal panel | обсужд
    обсуд дискусс дебат круглый диалог | талкуу дискусс тегерек диалог | талқыла пікірталас дөңгелек диалог |
    muhokama munozara davra muloqot | муҳокима баҳс мудаввар гуфтугӯ баррас | dyskus debat okrągły dialog
rally | rally rallies protest protests demonstration picket | demonstration manifestation protest | митинг протест
    акци пикет шестви марш | митинг нааразы акция пикет | митинг наразы акция пикет шеру | miting namoyish norozilik
    piket | гирдиҳамо эътироз намоиш | wiec protest demonstrac manifestac pikiet marsz
activist | activist activists | aktivist | активист | активист | белсенді активист | faol aktivist | фаъол |
    aktywist
defender | defender defenders | försvarare | защитник защитниц правозащит | коргоочу | қорғаушы | himoyachi |
    ҳимоятгар | obroń
organisation | organisation organization organisations organizations ngo ngos foundation association | organisation
    förening | организац нко нпо общественн объединени | уюм коом | ұйым қоғам үеұ | tashkilot jamiyat nnt | созмон
    ташкилот ҷамъият | organizac stowarzysz fundacj
~country | country nationwide national | land= landet nationell | стран национал республик | өлкө республика улуттук
    | ел= елде елі елдің республика ұлттық | mamlakat respublika milliy | кишвар ҷумҳури миллӣ | kraj państw krajow
city | city town capital | stad= staden städer | город столиц | шаар борбор | қала | shahar poytaxt | шаҳр пойтахт |
    miast stolic
village | village villages rural | by= byn byar landsbygd | село= села= селе= сел= сельск деревн аул кишлак | айыл |
    ауыл | qishloq ovul | деҳа деҳот | wieś wsi wiosk
region | region regions province oblast district | region län= länet kommun distrikt | област регион район | облус
    аймак район | облыс аймақ аудан | viloyat mintaqa tuman | вилоят минтақа ноҳия | region województw obwód powiat
border | border borders | gräns | границ пограни | чек= | шекара | chegara | сарҳад марз | granic
government | government ministry minister authorities officials state | regering ministeri minister myndighet |
    правительств министр власт чиновник государств акимат | өкмөт министр бийлик мамлекет | үкімет министр билік
    мемлекет әкімдік |
    hukumat vazir hokimiyat davlat | ҳукумат вазир мақомот давлат | rząd ministr władz państwow
president | president presidential | president | президент | президент | президент | prezident | президент |
    prezydent
mayor | mayor municipality akimat hokimiyat | borgmästare kommunen | мэр мэри акимат хокимият администрац | мэр
    мэрия акимат | әкім әкімдік | hokim hokimlik | шаҳрдор | burmistrz prezydent gmin urzęd
ombudsman | ombudsman ombudsperson | ombudsman diskrimineringsombuds | омбудсмен уполномочен акыйкатчы | акыйкатчы
    омбудсмен | омбудсмен уәкіл | ombudsman vakil | омбудсман ваколатдор | rzecznik
un | un= nations osce osse | fn= förenta osse | оон обсе | буу= обсе | бұұ обсе | bmt ehht | милал сму | onz obwe
eu | eu= european | eu= europeisk | евросоюз евросоюз европейск | европа евробиримдик | еуропа еуроодақ | yevropa |
    аврупо | unii europejsk
~freedom | freedom free= liberty | frihet | свобод | эркиндик эркин | бостандық еркіндік | erkinlik ozodlik | озод |
    wolnoś swobod
speech | speech expression | yttrandefrihet yttrande | слов выражени | сөз= | сөз= | soz= | сухан баён | słow
    wypowiedz
religion | religion religious faith believers | religi tro= troende | религи веру верующ | дин= ишенүү | дін сенім |
    din= diniy etiqod | дин= динӣ | religi wyzna wiar
language | language languages | språk | язык | тил= тилде тили тилин | тіл= тілі тілде | til= tilida tili | забон |
    język
culture | culture cultural heritage | kultur kulturarv | культур наслед | маданият мурас | мәдениет мұра | madaniyat
    meros | фарҳанг мерос | kultur dziedzict
art | art= arts= artist | konst konstnär | искусств художник | искусство сүрөтчү көркөм | өнер суретші | sanat
    rassom | санъат рассом | sztuk artyst
music | music musician musicians concert concerts song songs | musik konsert sång | музык концерт песн | музыка
    концерт ыр= ырлар | музыка концерт ән= әндер | musiqa konsert qoshiq | мусиқ консерт суруд | muzyk koncert
    piosen
theatre | theatre theater play performance | teater föreställning | театр спектакл | театр спектакл | театр спектакл
    | teatr spektakl | театр намоишнома | teatr spektakl
sport | sport sports football tournament | sport idrott fotboll turnering | спорт футбол турнир | спорт футбол
    турнир | спорт футбол турнир | sport futbol turnir | варзиш футбол мусобиқа | sport piłk turniej
health | health medical hospital doctors doctor clinic | hälsa sjukhus läkare vård | здоров медицин больниц врач
    клиник | соолук саламаттык оорукана доктор дарыгер | денсаулық аурухана дәрігер | salomatlik sogliq kasalxona
    shifokor | саломат тиб беморхона духтур | zdrow szpital lekarz medycz
disability | disability disabilities disabled accessibility wheelchair | funktionsneds funktionshind tillgänglig
    rullstol | инвалид ограниченн доступн колясоч | майып | мүгедек | nogironlig | маъюб | niepełnospr dostępn wózk
education | education educational learning teach teachers teacher lessons lesson course | utbildning undervisning
    lärare lektion | образован учител урок курс | билим мугалим сабак курс | білім мұғалім сабақ курс | talim
    oqituvchi dars kurs | маориф таҳсил омӯзгор муаллим дарс курс | edukac nauczyc lekcj kurs
university | university universities college academy | universitet högskola | университет вуз академ | университет
    академ | университет академ | universitet oliygoh akademiya | донишгоҳ академ | uniwersytet uczelni akadem
research | research study survey researchers | forskning studie undersökning enkät | исследован опрос | изилдөө
    сурамжылоо | зерттеу сауалнама | tadqiqot sorovnoma | тадқиқот пурсиш | badani ankiet
guide | guide handbook manual toolkit brochure | guide handbok manual broschyr | брошюр памятк | колдонмо
    брошюра | нұсқаулық брошюра | qollanma risola | дастур роҳнамо | przewodnik poradnik broszur
video | video videos clip | video film= | видео ролик | видео | видео | video rolik | видео | wideo film=
photo | photo photos photographs | foto bild= bilder | фото | сүрөт фото | сурет фото | foto surat | акс= аксҳо
    сурат | zdjęć zdjęci fotograf
online | online internet digital website platform | nätet digital webb plattform | онлайн интернет цифров сайт
    платформ | онлайн интернет санарип сайт платформа | онлайн интернет цифрлық сайт платформа | onlayn internet
    raqamli sayt platforma | онлайн интернет рақамӣ сомона платформа | online internet cyfrow platform
social_media | social facebook instagram telegram | sociala | соцсет социальн | социалдык | әлеуметтік | ijtimoiy |
    иҷтимоӣ | społeczn
poverty | poverty poor | fattig | бедн нищ малоимущ | жакыр кедей | кедей кедейлік | kambagal | камбизоат фақир |
    ubóst biedn
housing | housing homes home apartment apartments homeless eviction demolition | bostad bostäder hem= hemlös
    vräkning rivning | жиль жилищ квартир бездомн выселени снос | үй= үйлөр үйсүз көчүрүү | үй= үйлер баспана үйсіз
    көшіру | uy= uylar uysiz boshpana buzish | манзил хона= хонаҳо бехона вайрон | mieszkan bezdomn eksmisj wyburz
work | work worker workers job jobs employment unemployment wages salary | arbete arbetare jobb lön= lönen löner |
    работ рабоч труд заработ безработ | эмгек иш= жумуш айлык | еңбек жұмыс жалақы | ish= ishchi mehnat maosh | кор=
    коргар музд | prac zatrudn bezroboc wynagrodz
business | business entrepreneurs entrepreneur company companies | företag företagare | бизнес предпринимат компани
    | бизнес ишкер компания | бизнес кәсіпкер компания | biznes tadbirkor kompaniya | тиҷорат соҳибкор ширкат |
    biznes przedsiębior firm
farmers | farmer farmers agriculture harvest | bönder jordbruk skörd | фермер сельск урожа | фермер дыйкан түшүм |
    фермер шаруа | fermer dehqon xojaligi hosil | деҳқон фермер ҳосил | rolnik rolnictw plon
energy | energy electricity power outages heating | energi elektricitet el= uppvärmning | энерг электр свет отоплен
    | энергия электр жарык жылуулук | энергия электр жарық жылу | energiya elektr chiroq isitish | нерӯ барқ
    гармидиҳ | energi prąd elektr ogrzew
mining | mining mines= gold uranium | gruv guld uran | горнодобыва рудник золот уран | кен алтын уран | кен алтын
    уран | kon= oltin uran | кон= тилло уран | górnictw kopalni złot uran
budget | budget public money spending | budget | бюджет | бюджет | бюджет | budjet | буҷет | budżet
corruption | corruption bribe bribery | korruption muta | коррупц взятк | коррупция пара= | сыбайлас жемқорлық пара=
    | korrupsiya pora= | коррупсия ришва | korupc łapówk
transparency | transparency accountability | öppenhet insyn | прозрачн подотчетн подотчётн | айкын ачыктык | ашықтық
    айқын | shaffof ochiqlik | шаффоф | przejrzyst jawnoś
citizenship | citizenship passport passports stateless statelessness registration | medborgarskap pass= statslös |
    гражданств паспорт апатрид документ регистрац прописк | паспорт жарандыгы документ каттоо | паспорт азаматтығы
    құжат тіркеу | pasport fuqaroligi hujjat royxat | шиноснома бешаҳрванд ҳуҷҷат бақайдгир | obywatelstw paszport
    bezpaństw dokument rejestrac
gender | gender feminist feminism | genus feminis | гендер феминис | гендер феминис | гендер феминис | gender
    feminis | гендер феминис | płci gender feminis
lgbt | lgbt lgbtq queer | hbtq | лгбт | лгбт | лгбт | lgbt | лгбт | lgbt
family | family families parents mothers mother | familj föräldrar mamma mödrar | семья семьи семье семью= семей
    семейн родител матер | бүлө эне= энелер | отбасы ана= аналар | oila ona= onalar | оила волидайн модар | rodzin
    rodzic matk
elderly | elderly older pensioners pension age= | äldre pensionär pension | пожил пенсион | карыя улгайган пенсия |
    қарт егде зейнет | keksa qariya nafaqa | пиронсол нафақа | starsz senior emeryt
peace | peace peaceful peacebuilding conflict conflicts | fred fredlig konflikt | мир= мира= миру= мирн конфликт |
    тынчтык конфликт | бейбітшілік бейбіт қақтығыс | tinchlik nizo mojaro | сулҳ муноқиша низоъ | pokój pokoj pokoju
    pokojow konflikt
safety | safety security safe protection protect | säkerhet skydd trygg | безопасн защит | коопсуздук коргоо |
    қауіпсіздік қорға | xavfsizlik himoya | амният бехатар ҳифз | bezpieczeń ochron
threat | threat threats threatened intimidation pressure harassment attack attacked | hot= hotad trakass attack
    angrepp tryck press= | угроз давлени преследов нападени напад | коркутуу кысым куугунтук | қорқыту қысым қудалау
    шабуыл қауіп | tahdid bosim tazyiq hujum | таҳдид фишор таъқиб ҳамла | groźb zastrasz nacisk nękani atak napaś
missing | missing disappeared disappearance | försvunn | пропал исчезн безвест | дайынсыз жоголгон | хабарсыз
    жоғалған | bedarak yoqolgan | бедарак гумшуда | zagin zaginięc
death | death died killed dead | död dödad dog= | смерт погиб убит умер | өлүм каза өлтүр | өлім қаза өлтір | vafot
    oldiril | марг фавт кушта | śmier zmarł zginął zabit
release | released release freed | frisläpp släppt frigiv | освобод | бошотул | босатыл | ozod= | озод= | uwoln
    zwoln
case | case cases charges charged | fall= fallet åtal åtalad | дел= дело делу обвин | иш= иши ишти айып | іс= ісі
    айып | ish= ishi ishni ayb | парванда айб | zarzut oskarż
investigation | investigation investigate inquiry | utredning undersök | расследов следств | иликтөө тергөө | тергеу
    | tergov tekshiruv | тафтиш | śledztw dochodzen
complaint | complaint complaints complain complained | klagomål anmälan anmälning | жалоб пожаловал |
    арыз даттануу | шағым | shikoyat | шикоят |
    skarg
statement | statement statements declaration calls= urge | uttalande upprop uppmanar | заявлени призыв призыва |
    билдирүү | мәлімдеме | bayonot chaqir | изҳорот даъват | oświadczen apel wzyw
solidarity | solidarity | solidaritet | солидарн | тилектештик | ынтымақ | birdamlik | ҳамбастагӣ | solidarn
anniversary | anniversary jubilee birthday | jubileum årsdag | годовщин юбиле | маараке | жылдық мерейтой | yillik
    yubiley | солгард | rocznic jubileusz
annual | annual yearly annually | årlig årsmöte årsrapport årsberättelse års= |
    ежегодн годов | жылдык | жылдық | yillik | солона | roczn coroczn
newsletter | newsletter bulletin digest | nyhetsbrev | рассылк бюллетен дайджест | бюллетень дайджест | бюллетень
    дайджест | byulleten | бюллетен | biuletyn newsletter
day | day= days | dag= dagen dagar | день дня дней днем днём | күн= күнү күнү күндө | күн= күні күнде | kun= kuni
    kunda | рӯз | dzień dnia dni=
week | week weeks weekly | vecka veckan veckor | недел | апта жума= | апта | hafta | ҳафта | tydzień tygodni
month | month months monthly | månad | месяц | ай= айда айдын айлык | ай= айда айлық | oy= oyda oylik | моҳ= моҳи=
    моҳҳо | miesiąc miesięc
year | year years | året åren | год= года году годом годы лет= | жыл= жылы жылда | жыл= жылы жылда | yil= yili yilda
    | сол= соли | rok= roku lat=
morning | morning | morgon | утром= утро= утра= | | таңертең | ertalab | субҳ | rano
evening | evening tonight | kväll | вечер | кечинде кеч= | кеш= кешке | kechqurun | бегоҳ шом= шоми= шомгоҳ |
    wieczor
holiday | holiday celebration celebrate celebrated | högtid fira firade | праздник отмеча празднова | майрам
    белгилен | мереке мейрам атап | bayram nishonla | ид= ҷашн | święt obchod
nauryz | nowruz navruz nauryz | nowruz | навруз наурыз нооруз | нооруз | наурыз | navruz | наврӯз навруз | nowruz
new | new= | ny= nya= nytt= | нов | жаңы | жаңа | yangi | нав= | now= nowa nowy nowe nowych
results | results outcome findings | resultat | итог результат | жыйынтык натыйжа | қорытынды нәтиже | natija yakun
    | натиҷа | wynik rezultat
report | | | итог | жыйынтык | қорытынды | yakun | натиҷа |
plan | plan plans strategy programme program | plan strategi program | план стратеги программ | план стратегия
    программа | жоспар стратегия бағдарлама | reja strategiya dastur | нақша стратегия барнома | plan strategi
    program
project | project projects initiative | projekt initiativ satsning | проект инициатив | долбоор демилге | жоба
    бастама | loyiha tashabbus | лоиҳа ташаббус | projekt inicjatyw
partners | partner partners partnership cooperation together | partner samarbete tillsammans | партнер сотрудничеств
    совместн | өнөктөш кызматташ биргелешкен | серіктес ынтымақтаст бірлес | hamkor hamkorlik birgalikda | шарик
    ҳамкор ҳамкорӣ | partner współprac wspóln
invite | invite invites invited invitation welcome join= joined | inbjud välkomn bjuder | приглаша приглас
    пожаловать | чакыр= чакырабыз чакырат | шақыр | taklif | даъват | zapras zaprosz
participants | participants participant participated participate attendees | deltag deltagare | участ | катышуучу
    катыш | қатысушы қатыс | ishtirok qatnash | иштирок | uczestn udział
speakers | speaker speakers experts expert | talare expert | спикер эксперт | спикер эксперт адис | спикер сарапшы
    маман | spiker ekspert mutaxassis | суханрон коршинос мутахассис | prelegent ekspert
registration | register registration signup | anmäl registr | регистрац зарегистр реестр | каттал катта реестр |
    тіркел тірке тізілім | royxat | бақайдгир | rejestr zapis
deadline | deadline | | срок | мөөнөт | мерзім | muddat | мӯҳлат | termin
vacancy | vacancy vacancies hiring recruit | rekryt ledig tjänsten= | ваканси | вакансия | вакансия | vakansiya |
    вакансия | wakat
coordinator | coordinator manager director | samordnare chef direktör | координатор менеджер директор руководит |
    координатор менеджер директор жетекчи | үйлестіруші менеджер директор жетекші | koordinator menejer direktor
    rahbar | ҳамоҳангсоз мудир директор роҳбар | koordynator menedżer dyrektor kierow
founded | founded established foundation | grundad grundade | основан созда учрежд | негиздел түзүл | құрыл |
    tashkil asos | таъсис асос | założ powsta
closed_case | dismissed rejected refused denied | avslog avvisad nekad | отказ отклон | четке | | rad= | рад= |
    odmów odrzuc
bail | bail | borgen husarrest | залог | күрөө | кепіл | garov | гарав | kaucj
park | park parks | park= parken parker | парк сквер | парк сейил | саябақ парк | bog= bogi bogini park | боғ= боғи
    парк | park= parku parki
problem | problem problems issue issues | problem | проблем | маселе көйгөй | мәселе | muammo masala | мушкил
    масъала | problem
lecture | lecture lectures talk= | föreläsning | лекци | лекция | дәріс лекция | lektsiya marza | лексия | wykład
postponed | postponed postpone adjourned delayed | uppskjut skjuts | отлож перенес | жылдырыл кийинкиге | кейінге
    шегер | qoldirildi kechiktiril | мавқуф= таъхир | odrocz przełoż
cancelled | cancelled canceled cancel | inställ | отмен | жокко чыгар | тоқтатыл болдырма | bekor | бекор | odwoł
foreign | foreign | utländsk | иностран зарубеж | чет= чет элдик | шетел | xorijiy chet= | хориҷ | zagranicz
concern | concern concerned worried | oro= oroad oroade | обеспокоен беспокойств тревог | тынчсыздан | алаңда |
    xavotir tashvish | нигарон ташвиш | zaniepok
coalition | coalition alliance network | koalition nätverk allians | коалиц альянс сеть= сети= | коалиция альянс
    тармак | коалиция альянс желі | koalitsiya tarmoq | эътилоф коалитсия шабака | koalicj sieć sieci
hotline | hotline helpline | stödlinje jourtelefon | горяч | ишеним | сенім телефон | ishonch | боварӣ | zaufani
shelter | shelter shelters | skyddat kvinnojour | приют кризисн | калкалоо | дағдарыс | inqiroz | паноҳгоҳ | schroni
victims | victim victims survivor survivors | offer= offren drabbade | жертв пострадав | жабырлануучу курман |
    жәбірленуші құрбан | jabrlanuvchi qurbon | ҷабрдида қурбон | ofiar poszkodow
lawsuit | lawsuit lawsuits sue= sued | stämning stämde | иск= иска= иском= исков= | доо= | | davo | даъво | pozew
    pozw
demand | demand demands demanded | kräv | требова | талап | талап | talab | талаб | żąda
hunger_strike | hunger | hungerstrejk | голодовк | ачкачылык | аштық | ochlik | гуруснанишин | głodów
strike | strike strikes | strejk | забастовк стачк | | ереуіл | | корпарто | strajk
blocking | blocking blocked block= | blockera blockerad | блокир | бөгөт | бұғатта | bloklan | масдуд | blokow
censorship | censorship censored | censur | цензур | цензура | цензура | senzura | сензура | cenzur
surveillance | surveillance spyware | övervakning | слежк | аңду | аңду | | | inwigil
privacy | privacy personal data= | personuppgift integritet | персональн | жеке | дербес | shaxsiy | шахсӣ |
    prywatnoś osobow
minority | minority minorities ethnic | minoritet etnisk | меньшинств этническ | азчылык этникалык | азшылық
    этникалық | ozchilik etnik | ақаллият қавмӣ | mniejszoś etniczn
hiv | hiv aids | hiv | вич спид | вич | аитв | ovit | вич | hiv
drugs | drugs narcotics | narkotika | наркот | баңги наркот | есірткі | giyohvand narkot | мухаддир | narkotyk
psychology | mental psychological psychologist psychologists | psykisk psykolog | психолог психическ | психолог |
    психолог | psixolog | равоншинос психолог | psycholog psychiczn
marriage | marriage married bride brides | äktenskap brud | брак= брака= браке= брачн невест | нике колукту | неке
    қалыңдық | nikoh kelin | никоҳ арӯс | małżeńst ślub
kidnapping | kidnapping kidnapped abduction | kidnappning bortförande | похищени похит | уурдап | ұрлап ұрлау |
    ogirla | рабуд | porwan
pregnancy | pregnant pregnancy maternity | gravid mödravård | беремен материнств | бойлуу | жүкті | homilador |
    ҳомиладор | ciąż
pupils | pupils schoolchildren | elever elev= | школьник ученик учени | окуучу | оқушы | oquvchi | хонанда | uczni
teenagers | teenagers teenage adolescents | tonåring | подрост | өспүрүм | жасөспірім | osmir | наврас | nastolat
orphans | orphan orphans orphanage | föräldralös barnhem | сирот детдом | жетим | жетім | yetim | ятим | sierot
tax | tax taxes | skatt | налог | салык | салық | soliq | андоз | podat
prices | price prices cost tariff tariffs | pris= priser taxa | цен= цена= цены= ценах= ценам= тариф | баа= баасы
    баалар тариф | баға тариф | narx tarif | нарх тариф | cen= ceny= cena= taryf
loans | loan loans debt debts credit microcredit | lån= lånet skuld kredit | кредит долг займ | насыя кредит | несие
    қарыз кредит | qarz kredit | қарз кредит | kredyt pożycz dług
bank | bank banks | bank | банк | банк | банк | bank | бонк | bank
construction | construction building built construct | bygg | строител стройк построй строи | курулуш | құрылыс |
    qurilish | сохтмон | budow
road | road roads street streets | väg= vägen vägar gata gatan | дорог улиц | жол= жолдор жолдун көчө | жол= көше |
    yol= yollar kocha | роҳ= роҳҳо кӯча | drog= drogi drodze ulic
transport | transport bus buses | transport buss | транспорт автобус | транспорт автобус | көлік автобус | transport
    avtobus | нақлиёт автобус | transport autobus
covid | covid pandemic coronavirus | covid pandemi | ковид пандеми коронавирус | ковид пандемия | ковид пандемия |
    koronavirus pandemiya | ковид пандемия | covid pandemi koronawirus
disaster | earthquake flood floods mudflow disaster emergency | jordbävning översvämning katastrof | землетрясени
    наводнени сель= бедстви чрезвычайн | титирөө сел= кырсык | сілкіні тасқын сел= апат | zilzila toshqin sel= ofat
    | заминларза обхез сел= офат | trzęsieni powódź powodzi katastrof
winter | winter cold | vinter kyla | зим холод мороз | кыш= кышкы кышында суук | қыс= қысқы суық | qish= qishki
    sovuq | зимистон хунук | zim= zima zimą zimow mróz
summer | summer | sommar | летн летом= | жай= жайкы жайында | жаз= жазғы | yoz= yozgi | тобистон | lato= lecie letni
spring | spring | vår= våren | весн | жаз= жазгы жазында | көктем | bahor | баҳор | wiosn
autumn | autumn | höst | осен | күз= күзгү күзүндө | күз= күзгі күзде | kuz= kuzgi | тирамоҳ | jesie
trees | trees tree planting planted saxaul | träd plantera saxaul | дерев посад саженц саксаул | дарак көчөт сексеил
    | ағаш көшет сексеуіл | daraxt kochat saksovul | дарахт ниҳол саксавул | drzew sadzen saksauł
waste | waste garbage rubbish recycling plastic | avfall sopor återvinning plast | мусор отход переработ пластик |
    таштанды пластик | қоқыс қалдық пластик | chiqindi axlat plastik | партов ахлот пластик | śmieci odpad recykl
    plastik
animals | animals animal dogs | djur hund | животн собак | жаныбар ит= иттер | жануар ит= иттер | hayvon it= itlar |
    ҳайвон саг= сагон | zwierz psy= psów
glacier | glacier glaciers | glaciär | ледник | мөңгү | мұздық | muzlik | пирях | lodow
irrigation | irrigation canal canals | bevattning kanal | орошени ирригац канал арык | сугат арык канал | суару арық
    канал | sugorish ariq kanal | обёр ҷӯй канал | nawadn kanał
kindergarten | kindergarten kindergartens preschool | förskola dagis | детсад садик | бакча | балабақша | bogcha |
    кӯдакистон | przedszkol
library | library libraries | bibliotek | библиотек | китепкана | кітапхана | kutubxona | китобхона | bibliotek
museum | museum museums | museum | музе | музей | мұражай музей | muzey | осорхона музей | muze
scholarship | scholarship scholarships stipend | stipendi | стипенди | стипендия | стипендия шәкіртақы | stipendiya
    | стипендия | stypendi
internship | internship internships intern= interns | praktik | стажиров практик | стажировка практика | тағылымдама
    | amaliyot stajirovka | таҷрибаомӯзӣ | staż= stażu praktyk
exchange | exchange exchanges | utbyte | обмен | алмашуу | алмасу | almashinuv | мубодила | wymian
visit | visit visited visits | besök | визит посет | визит | сапар | tashrif | ташриф | odwiedz wizyt
delegation | delegation | delegation | делегац | делегация | делегация | delegatsiya | ҳайат | delegac
embassy | embassy ambassador | ambassad | посольств посол= | элчилик | елшілік | elchixona | сафорат | ambasad
international | international | internationell | международн | | халықаралық | xalqaro | байналмилал | międzynarod
local | local | lokal= lokala | местн | жергиликтүү | жергілікті | mahalliy | маҳаллӣ | lokaln
community | community communities | gemenskap lokalsamhälle | сообществ общин | жамаат коомчулук | қауымдастық |
    jamoa mahalla | ҷомеа | społecznoś
leaders | leader leaders leadership | ledare ledarskap | лидер | лидер | көшбасшы лидер | yetakchi lider | пешво |
    lider przywództ
murder | murder murdered femicide killing | mord kvinnomord | убийств фемицид | киши өлтүрүү | кісі өлтіру | qotil |
    куштор | zabójst
bullying | bullying bullied | mobbning | буллинг травл | буллинг | буллинг | bulling | буллинг | przemoc rówieśn
cyber | cyber cybersecurity | cyber | кибер | кибер | кибер | kiber | кибер | cyber
disinformation | disinformation fake propaganda | desinformation propaganda | дезинформац фейк пропаганд | жалган |
    жалған | yolgon | дурӯғ | dezinformac propagand
factcheck | fact-checking factchecking factcheck verification | faktagranskning | фактчекинг | фактчекинг текшерүү |
    фактчекинг тексер | faktcheking tekshirish | фактчекинг санҷиш | weryfikac
information | information access | information | информац | маалымат | ақпарат | axborot malumot | иттилоот |
    informac
license | license licence permit permission | licens tillstånd | лиценз разрешени | лицензия уруксат | лицензия
    рұқсат | litsenziya ruxsat | иҷозат литсензия | licencj zezwol pozwol
inspection | inspection inspections audit | inspektion revision | проверк инспекц аудит | текшерүү аудит | тексеру
    аудит | audit | санҷиш аудит | kontrol audyt inspekc
fine | fine= fined fines penalty | böter bötfäll | штраф | айып= | айыппұл | jarima | ҷарима | grzywn ukaran
agents | agent agents | agent | агент | агент | агент | agent | агент | agent
constitution | constitution constitutional | grundlag konstitution | конституц | конституция | конституция |
    konstitutsiya | конститутсия | konstytuc
referendum | referendum | folkomröstning | референдум | референдум | референдум | referendum | раъйпурсӣ | referend
candidate | candidate candidates | kandidat | кандидат | талапкер кандидат | үміткер кандидат | nomzod | номзад |
    kandydat
party | party parties | parti= partiet partier | парти | партия | партия | partiya | ҳизб | parti partii
opposition | opposition | opposition | оппозиц | оппозиция | оппозиция | muxolifat | мухолифин | opozycj
politics | political politics politician politicians | politisk politik | политик политическ | саясий саясат | саяси
    саясат | siyosiy siyosat | сиёс | polity
amnesty | amnesty pardon pardoned | amnesti benådning | амнист помилов | мунапыс | рақымшылық | amnistiya afv | авф
    | amnesti ułaskaw
committee | committee commission | kommitté kommission utskott | комитет комисси | комитет комиссия | комитет
    комиссия | qomita komissiya | кумита комиссия | komitet komisj
recommendations | recommendations recommendation recommend recommends | rekommendation | рекомендац | сунуш | ұсыныс
    | tavsiya | тавсия | rekomendac
convention | convention treaty | konvention | конвенц | конвенция | конвенция | konvensiya | конвенсия | konwencj
ratification | ratify ratified ratification | ratificer | ратифиц | ратификац | ратификац | ratifik | | ratyfik
agreement | agreement memorandum signed | avtal överenskommelse undertecknade | соглашени меморандум подписал |
    келишим меморандум | келісім меморандум | kelishuv memorandum | созишнома ёддошт | porozumien umow memorand
memory | memory memorial remembrance commemorate | minne minnes | памят мемориал | эскерүү | еске= | xotira | хотира
    ёдбуд | pamię
repression | repression repressions | förtryck | репресс | репрессия | репрессия сүргін | qatagon | таъқибот |
    represj
war | war= wars= | krig | войн | согуш | соғыс | urush | ҷанг | wojn
military | military army conscription soldiers | militär armé värnplikt soldat | армия военн призыв солдат | аскер
    армия | әскер армия | harbiy armiya | артиш ҳарбӣ сарбоз | wojsk armi żołnier
deportation | deportation deported expelled expulsion | utvisning utvisad | депортац выдвор | депортация |
    депортация | deportatsiya | депорт ихроҷ | deportac
extradition | extradition extradited | utlämning utlämnad | экстрадиц | экстрадиция | экстрадиция | ekstraditsiya |
    экстрадитсия | ekstradyc
event | event events | evenemang | мероприяти | | | tadbir | чорабин | wydarzen
success | success achievements | framgång | успех достижени | ийгилик жетишкендик | жетістік табыс | yutuq
    muvaffaqiyat | муваффақият дастовард | sukces osiągnię
story | story stories | berättelse | истори | тарых | тарих | hikoya tarix | қисса таърих | histori opowieś
interview | interview interviews | intervju | интервью | интервью маек | сұхбат | intervyu suhbat | мусоҳиба |
    wywiad
opinion | opinion column | krönika åsikt | мнени колонк | пикир | пікір | fikr | андеша фикр | opini felieton
statistics | statistics figures | statistik | статистик | статистика | статистика | statistika | омор | statysty
map | map= maps= | karta kartan | карт= карта= карты= карту= | карта | карта | xarita | харита | mapa mapy mapę
campaign | campaign campaigns | kampanj | кампани | кампания | науқан | kampaniya | маърака | kampani
marathon | marathon run= race | maraton lopp | марафон забег | марафон | марафон | marafon | марафон | maraton bieg
bicycle | bicycle bicycles bike cycling | cykel cykl | велосипед | велосипед | велосипед | velosiped | велосипед |
    rower
trip | trip excursion tour= | resa= resan utflykt | поездк экскурси | саякат экскурсия | саяхат экскурсия | sayohat
    ekskursiya | экскурсия | wycieczk podróż
food | food meals bread | mat= maten livsmedel | продукт хлеб питани | тамак азык | тамақ азық | oziq ovqat non= |
    ғизо хӯрок нон= | żywnoś jedzen chleb
gifts | gifts gift presents | gåvor | подар | белек | | sovga | тӯҳфа | prezent
ramadan | ramadan iftar | ramadan | рамадан ураза ифтар | орозо ифтар | ораза ауызашар | ramazon iftor | рамазон
    ифтор | ramadan
independent | independent independence | oberoende självständig | независим | карандысыз эгемендүүлүк | тәуелсіз |
    mustaqil | мустақил истиқлол | niezależn niepodległoś
thanks | thank thanks grateful gratitude | tack= tackar tacksam | благодар спасибо | ыраазычылык рахмат | алғыс
    рақмет | rahmat minnatdor | ташаккур сипос | dzięk
congratulations | congratulate congratulations | gratulerar grattis | поздравл | куттукта | құттықта | tabrik |
    табрик | gratulac
condolences | condolences mourn mourning | kondoleans sorg | соболезн скорб | көңүл= | көңіл= | taziya | тасаллият |
    kondolenc
selection | selection selected shortlist | urval utvald | отбор отобран | тандоо тандал | іріктеу | saralash | |
    wybran selekc
mentors | mentor mentors mentoring coach | mentor handledare | ментор наставни | ментор насаатчы | ментор тәлімгер |
    mentor | устод ментор | mentor
skills | skills | färdighet kompetens | навык | көндүм | дағды | konikma | малака | umiejętnoś
computer | computer computers | dator | компьютер | компьютер | компьютер | kompyuter | компютер | komputer
trainers | trainer trainers | utbildare | тренер | тренер | тренер жаттықтырушы | trener murabbiy | тренер мураббӣ |
    trener
boys | boys | pojk | мальчик | | ұл= ұлдар | ogil | писар | chłop
medicine | medicine medicines | läkemedel medicin | лекарств препарат | дары= дарылар | дәрі= дәрілер | dori=
    dorilar | дору | lek= leki= leków
patients | patient patients | patient | пациент больн | бейтап | науқас | bemor | бемор | pacjen
disease | disease illness tuberculosis cancer diabetes | sjukdom tuberkulos cancer | болезн заболева туберкулез рак=
    диабет | оору учук | ауру туберкулез | kasallik sil= | бемори сил= | chorob gruźlic rak= nowotw
sanitation | toilet toilets sanitation | toalett | туалет санитар | ажаткана туалет | дәретхана | hojatxona |
    ҳоҷатхона | toalet
coal | coal | kol= kolet | угол= угля= углем= уголь= | көмүр | көмір | komir | ангишт | węgiel węgla
trafficking | trafficking trafficked slavery | människohandel slaveri | торговл рабств | сатуу кулчулук | сауда
    құлдық | savdo qullik | савдо ғулом | handl niewolnic
return | return returned returnees | återvänd | возвращ вернул | кайт | оралу қайту оралман | qayt | бозгашт |
    powrót wróci
integration | integration | integration | интеграц | интеграция | интеграция | integratsiya | ҳамгироӣ | integrac
graduates | graduates graduated graduation alumni | examen utexaminer | выпускник окончил окончили выпуск= |
    бүтүрүүчү бүтүрүштү | түлек бітірді | bitiruvchi tamomla | хатмкард хатм= | absolwen ukończy
extremism | extremism extremist terrorism | extremism terror | экстремиз террориз | экстремизм терроризм |
    экстремизм терроризм | ekstremizm terrorizm | ифротгаро терроризм | ekstremizm terroryzm
- | colonial | kolonial | колониал премьер охотн | колониал | колониал | mustamlak | мустамлик | kolonial
plastic | plastic plastics | plast= plasten plastpåsar | пластик пластмасс | пластик | пластик | plastik | пластик |
    plastik
cleanup | cleanup cleaned cleaning litter littered | städa städn skräp nedskräp | уборк субботник убрали
    очистил мусор | тазала ашар | тазала сенбілік | tozala hashar | тоза= тозакор ҳашар | sprząt śmieci
shore | shore shores beach beaches coast coastal | strand stranden kust | берег пляж побереж | жээк пляж |
    жағалау пляж | qirgoq sohil plyaj | соҳил | brzeg plaż wybrzeż
lake | lake lakes | sjö= sjön sjöar | озер | көл= көлү= көлдө= көлгө= көлдүн= көлүнө= | көл= көлі= көлде= көлге=
    көлдің= | kol= koli= kolida= kolga= kolning= | кӯл= кӯли кӯлҳо | jezior
reservoir | reservoir reservoirs dam= dams | reservoar vattenmagasin | водохранилищ плотин | сактагыч | қоймас
    бөген | ombor togon | обанбор | zbiornik zapor
river | river rivers | älv= älven flod | река= реки= реке= реку= рекой= рекам= | дарыя | өзен | daryo | дарё= дарёи
    дарёҳо | rzeka= rzeki= rzece= rzekę= rzek=
sea | sea= seas | hav= havet | море= моря= морем= морск | деңиз | теңіз | dengiz | баҳр= баҳри | morz= morze morza
    morsk
fish | fish fishing fishermen | fisk | рыб | балык | балық | baliq | моҳиён моҳиҳо моҳигир | ryb
pollution | pollution polluted pollute contamination contaminated toxic | förorening förorenad giftig |
    загрязн отравл токсич | булгануу булганган уулуу | ластан | ifloslan zaharl | ифлос заҳрнок | zanieczysz
    skażen toksycz
discharge | discharge discharged discharges dumping dumped | utsläpp dumpning | сброс сбрасыва | агызуу агызып төгүү
    | төгеді төгіп төгу ағызу | oqiz tashlama oqava | партофт | zrzut zrzuc ściek
emissions | emission emissions | utsläpp | выброс | чыгаруулар | шығарынды | chiqarma emissiya | | emisj
desalination | desalination desalinated brine | avsaltning saltlake | опреснени опреснит рассол | туздуу= |
    тұщыландыру тұщыт тұзды= | chuchuklashtir shorob | ширинкунонӣ шӯроб | odsalan solank
pipe | pipe= pipes pipeline pipelines | rör= röret rören rörledning | труб трубопровод | түтүк | құбыр | quvur | қубур
    | rura= rury= rurze= rurociąg
felling | felling logging felled | avverkning | вырубк спил вырублен срубил | кыюу кыйылган | кесу кесіп кесілген |
    kesish kesil | буридан бурида | wycink wycięt
seedlings | seedling seedlings saplings | plantor plantorna | саженц рассад | көчөт | көшет | kochat | ниҳол |
    sadzonk
planting | planting planted | plantera planterade | посадил посадк высад | отургуз | отырғыз | ekish ekdi ekildi
    | шинонд шинон | sadzeni posadz sadzi
square | square= squares | torg= torget | площад | аянт | алаң= алаңы= алаңда= алаңға= алаңында= | maydon | майдон |
    plac= placu= placem=
greenery | greenery green= | grönområde grönska | озелен зелен | жашылдандыр | көгалдандыр жасыл= | kokalamzor
    yashil | сабзкор | zieleń zielon
bicycle | cycle= cyclist cyclists | cyklist | вело= велопробег велодорож | вело= велосипедчи | вело= | velo= | вело= |
    rowerzyst
cycle_lane | lane= lanes | cykelbana cykelbanor cykelväg | велодорож | велотилке | веложол | veloyolak | велороҳ
    | ścieżk
public_transport | minibus minibuses marshrutka trolleybus trolleybuses metro tram= trams= taxi | spårvagn tunnelbana
    taxi
    | маршрутк троллейбус метро трамва такси | маршрутка троллейбус такси | маршрутка троллейбус такси |
    marshrutka trolleybus metro tramvay taksi | маршрутка троллейбус такси | tramwaj metro taksów taksówk
drivers | driver drivers | förare chaufför | водител | айдоочу | жүргізуші | haydovchi | ронанда | kierowc
traffic | traffic congestion | trafik | пробк трафик | тыгын | кептеліс | tirband | роҳбандӣ | korek= korki korków
pedestrians | pedestrian pedestrians sidewalk sidewalks pavement | fotgängare trottoar | пешеход тротуар |
    жөө= тротуар | жаяу тротуар | piyoda trotuar | пиёда | piesz chodnik
city_hall | mayoralty municipal | stadshus | мэрия= мэрии= мэрию= муниципал | мэрия шаардык | әкімдік
    әкімшілік | hokimlik hokimiyat | шаҳрдорӣ | ratusz miejsk
wages | wage wages salary salaries paycheck payroll unpaid | lön= lönen löner lönerna | зарплат заработн |
    айлык айлыгы | жалақы | maosh haqi= | музд маош | płac= płace płacy pensj wynagrodz
arrears | arrears owed unpaid | obetald obetalda | задолженн невыплат | төлөнбөгөн | берешек төленбеген |
    qarzdorlik tolanmagan | қарздорӣ пардохтнашуда | zaległ niewypłac
builders | builder builders | byggarbetare | строител | куруучу | құрылысшы | quruvchi | бинокор сохтмончӣ |
    budowlańc
employer | employer employers | arbetsgivare | работодател | берүүчү | беруші | beruvchi | корфармо | pracodaw
contract | contract contracts | kontrakt anställningsavtal | договор контракт | контракт | келісімшарт контракт |
    shartnoma kontrakt | шартнома қарордод контракт | kontrakt umowa= umowy= umowę=
inspection | inspector inspectors | inspektör arbetsmiljöverket | инспектор | инспекция инспектор | инспекция
    инспектор | inspeksiya inspektor tekshiruv | инспексия | inspektor inspekc
fingerprints | fingerprint fingerprints fingerprinting biometric biometrics | fingeravtryck biometri |
    отпечат дактилоскоп биометр | манжа дактилоскоп биометр | саусақ дактилоскоп биометр | barmoq daktiloskop
    biometr | ангушт дактилоскоп биометр | odcisk daktyloskop biometr
medical_exam | examination examinations checkup | läkarundersökning hälsokontroll | медосмотр осмотр
    освидетельств обследован | медкөрүү медосмотр | медосмотр | korik | муоина
    | lekarsk
entry | entry= entering | inresa inrese | въезд въезжа | кирүү= кирүүгө= кирүүдө= | кіру= кіруге= | kirish=
    kirishda= | воридшав ворид= | wjazd wjeźdz wjazdu
rules | rules= regulations requirements | regler= reglerna krav= kraven | требовани регламент | эреже | ереже |
    qoida qoidalar | қоида | przepis zasad wymog wymagan
permit | permit permits patent patents | arbetstillstånd tillstånd | патент разрешени | патент уруксат | патент
    рұқсат | patent ruxsat | патент иҷозат | zezwoleni pozwoleni patent
trade_union | union= unions tradeunion | fack= facket fackförbund | профсоюз | кесиптик | кәсіподақ | kasaba |
    касаба | związk zawodow
dismissal | dismissed fired layoffs dismissal | uppsagd uppsägning avsked | уволь увольнен | жумуштан | жұмыстан |
    ishdan | | zwolnien= zwolnieni=
microcredit | microcredit microcredits microfinance microloan microloans | mikrolån mikrokredit | микрокредит
    микрозайм микрофинанс | микрокредит микрофинанс | микрокредит микроқаржы | mikrokredit mikromoliya mikroqarz |
    микрокредит | mikrokredyt mikropożycz
borrowers | borrower borrowers debtor debtors | låntagare gäldenär | заемщик должник | |
    борышкер | qarzdor | қарздор қарзгир | kredytobior dłużnik pożyczkobior
collectors | collector collectors | inkasso | коллектор | коллектор | коллектор | kollektor | коллектор | windyk
fees | fee= fees charges | avgift | пошлин сборы= сбора= | төлөм алым= | төлем алым= | tolov yigim | пардохт боҷ |
    opłat prowizj
remittances | remittance remittances | remitter penningöverför | денежн | | аударым |
    otkazma | интиқол ҳавола | przekazy= przekazów=
households | household households | hushåll | домохозяйств | | | xonadon | хонавода хонадон
    | gospodarstw domow
income | income incomes earnings | inkomst | доход | киреше | табыс | daromad | даромад | dochod
pension | pension pensions pensioners retirement | pension | пенси | пенсия | зейнет | pensiya nafaqa | нафақа |
    emeryt
benefits | allowance allowances benefit= benefits welfare | försörjningsstöd | пособи | жөлөкпул | жәрдемақы |
    nafaqa | кӯмакпулӣ | zasił
finance | financial finance finances | finansiell | финансов | финансылык каржылык | қаржылық | moliyaviy |
    молиявӣ | finansow
literacy | literacy literate | läskunnighet | грамотност | сабаттуулук | сауаттылық | savodxon | саводнокӣ |
    alfabetyzm
savings | savings | sparande | сбережени накоплени | | жинақ | | пасандоз | oszczędn
fraud | fraud scam scams fraudsters | bedrägeri bedragare | мошенни | алдамчы | алаяқ | firibgar | қаллоб | oszust
insurance | insurance insured | försäkring | страхов | камсыздандыр | сақтандыр | sugurta | суғурта | ubezpiecz
headaches | headache headaches migraine | huvudvärk | головн | | | ogrigi | дарди |
    głowy=
pain | pain= pains ache= aches= | värk= smärt | боль= боли= болей= болью= | оору | | ogriq ogrig | дард | ból=
    bóle bólu bólów
symptoms | symptom symptoms nausea dizziness | symtom illamående yrsel | симптом тошнот головокруж | симптом |
    симптом | simptom | аломат симптом | objaw nudności zawrot
hospital | hospital hospitals clinic clinics polyclinic | sjukhus klinik vårdcentral | больниц клиник поликлиник
    госпитал | оорукана клиника | аурухана емхана клиника | kasalxona shifoxona poliklinika klinika | беморхона
    бемористон клиника | szpital klinik przychodni
doctors | doctor doctors physician physicians nurse nurses | läkare sjuksköterska | врач медсестр фельдшер |
    доктор дарыгер медайым | дәрігер мейірбике | shifokor vrach hamshira | духтур табиб ҳамшира | lekarz
    pielęgniar
vaccination | vaccine vaccines vaccination vaccinated immunization | vaccin | вакцин прививк | вакцина эмдөө |
    вакцина екпе | vaksina emlash | ваксина эмгузар | szczepi
ambulance | ambulance | ambulans | скорой= скорая= | | жедел | | таъҷил | karetk pogotow
flaring | flaring flare flares flared | fackling facklor | сжигани факел | күйгүзүү факел | алау факел |
    mashal yoqish | машъал | spalani pochodni
oil | oil= oilfield oilfields petroleum | olja oljan olje | нефт | мунай | мұнай | neft | нафт | ropa= ropy= naft
deposits | deposit= deposits gasfield gasfields | fyndighet | месторожден | кен= кендер | кен= кеніш | kon= konlari |
    кон= конҳо | złoża= złóż= złożach złoże=
satellite | satellite satellites | satellit | спутник | спутник | спутник ғарыш | sputnik | моҳвора | satelit
data | data= dataset | data= uppgifter | данны= данных= данные= данным= | маалыматтар | дерек | malumotlar |
    маълумотҳо | dane= danych=
factory | factory factories plant= enterprise | fabrik anläggning | завод фабрик предприяти комбинат | завод
    фабрика ишкана | зауыт фабрика кәсіпорын | zavod fabrika korxona | корхона завод фабрика | fabryk zakład
power_plant | hydropower powerplant | kraftverk vattenkraft | электростанц гэс= тэц= гидроэлектр | гэс= тэц= |
    сэс= гэс= жэо= | ges= ies= | нерӯгоҳ нбо= | elektrowni
radiation | radiation radioactive | strålning radioaktiv | радиац радиоакт | радиация | радиация | radiatsiya |
    радиатсия | promieniow radioakt
colony | colony colonies penal | koloni straffkoloni | колони ик= | колония | колония | koloniya | колония | koloni
    karn
overcrowding | overcrowding overcrowded | överfull överbelägg | переполн перенаселен скученн | ашыкча | |
    gavjum | серодам | przepełn przeludn
inmates | inmate inmates convicts convict | intagna interner | заключенн осужденн арестант | соттолгон камактагы |
    сотталған | mahkum | маҳбус | osadz więźni
prison | | | заключенн | камактагы | сотталған | | маҳбус | osadz
verdict | | | осужденн | соттолгон | сотталған | | |
parcels | parcel parcels | paket | передач посылк | посылка | сәлемдеме | posilka | посылка | paczk
relatives | relatives relative | anhörig släkting | родственник | туугандар туугандары | туыс | qarindosh | хешовандон
    хеш= | krewn
conditions | conditions | förhållanden villkor | услови | шарттар | жағдай | sharoit | шароит | warunk
debate | debate debates debating | debatt | дебат | дебат | дебат | munozara debat | мубоҳиса дебат | debat
tournament | tournament tournaments championship | turnering mästerskap | турнир чемпионат | турнир чемпионат мелдеш |
    турнир чемпионат жарыс | turnir chempionat musobaqa | мусобиқа турнир | turniej mistrzostw
olympiad | olympiad olympiads | olympiad | олимпиад | олимпиада | олимпиада | olimpiada | олимпиада | olimpiad
textbooks | textbook textbooks | lärobok läroböcker | учебник | | оқулық | darslik | |
    podręcznik
exams | exam= exams= | prov= provet examen | экзамен тестирован | экзамен сынак | емтихан | imtihon | имтиҳон | egzamin
    matur
teachers | teacher teachers | lärare | учител педагог | мугалим | мұғалім | oqituvchi | омӯзгор муаллим | nauczyc
inclusive | inclusive inclusion | inkludering inkluderande | инклюзи | инклюзив | инклюзив | inklyuziv | фарогир
    инклюзив | inkluzj inkluzywn
reading | reading readers | läsning läsare | чтени читател | окурман | оқырман | kitobxon | китобхон | czytan czytel
list | list= lists | lista listan | список | тизме | тізім | royxat | рӯйхат | lista= listę=
concert | concert concerts | konsert | концерт | концерт | концерт | konsert | консерт | koncert
poetry | poetry poems poet poets literature | poesi dikt= dikter dikten litteratur | поэз стихи= стихов= стихотвор
    поэт литератур | поэзия ыр= акын
    адабият | поэзия өлең ақын әдебиет | sher= sherlar sheriyat shoir adabiyot | шеър шоир адабиёт | poezj wiersz
    poet literatur
author | author= authors= authored writer writers | författare | автор писател | автор жазуучу | автор жазушы |
    muallif yozuvchi | муаллиф нависанда | autor pisarz
translation | translation translations translated translator translators | översättning översatt | переводчик
    перевел перевод= | котормо которгон | аударма | tarjima | тарҷума | tłumacz przekład
handicrafts | handicraft handicrafts crafts artisans craftswomen | hantverk | ремесл рукодели | өнөрчү | қолөнер |
    hunarmand | ҳунарманд ҳунар= | rękodzieł rzemiosł rzemieśln
products | products goods | produkter varor | продукци товар | продукция товар | өнім тауар | mahsulot tovar |
    маҳсулот | produkt towar
fair | fair= fairs bazaar | mässa mässan | ярмарк | жарманке | жәрмеңке | yarmarka | ярмарка | jarmark kiermasz
    targi=
sales | sale= sales sold= selling | försäljning säljer sålde | продаж | сатуу сатык сатыл | сату сатыл | sotuv sotish |
    фурӯш | sprzedaż sprzedaj
signatures | signature signatures | underskrift namnunderskr | подпис | колтамга | қолтаңба | imzo | имзо | podpis
members | member= members deputies deputy councillors councilors | ledamot ledamöter | член= члены= членов= членами=
    депутат | мүчө депутат | мүше депутат | azo= azolar azolari azosi deputat | аъзо вакил | członk radn posłowie=
    posłów= poseł=
election | | | избран | шайлан | сайлан | saylan | | wybran
network | network networks | nätverk | сеть= сети= сетью= сетей= | тармак | желі= желісі | tarmoq | шабака | sieć=
    sieci=
initiative | initiative initiatives | initiativ | инициатив | демилге | бастама | tashabbus | ташаббус | inicjatyw
residents | | | | | | | шаҳрвандон |
neighbourhood | neighbourhood neighborhood neighbours neighbors | grannskap stadsdel | микрорайон махалл сосед |
    микрорайон махалла кошуна | шағынаудан маҳалла көрші | mahalla qoshni | маҳалла ҳамсоя | osiedl sąsiad dzielnic
survey | survey surveys poll= questionnaire | enkät | опрос анкет | сурамжылоо | сауалнама | sorovnoma | пурсиш
    назарсанҷӣ | ankiet sondaż
water_supply | supply tap= | vattenförsörjning | водоснабжен водопровод | | сумен |
    taminot | обтаъмин | wodociąg zaopatrzen
water | | | водоснабжен водопровод | | сумен | | | wodociąg
sewage | sewage wastewater sewer | avlopp | канализац сточн | канализация | кәріз ағынды | kanalizatsiya | канализатсия
    | kanalizac
drought | drought heatwave | torka värmebölja | засух | кургакчылык | құрғақшылық аптап | qurgoqchilik jazirama |
    хушксолӣ | susz upał
dust | dust= dusty sandstorm | sandstorm | пыль= пыли= пыльн | чаң | шаң | chang= changli | чанг | pył= pyłu pyły
poaching | poaching poachers hunting hunters | tjuvjakt jakt= | браконьер охот | браконьер аңчы | браконьер аңшы |
    brakonyer ovchi | браконьер шикор | kłusow polowan
forest | forest forests woods | skog | лес= леса= лесу= лесов= лесн | токой | орман | ormon | ҷангал | las= lasy= lasu=
    lasów leśn
mountains | mountain mountains | berg= bergen | горы= горах= горн | тоо= тоолор тоолуу | тау= таулы таулар | tog=
    toglar togli | кӯҳ= кӯҳи= кӯҳҳо кӯҳистон | góry= górach górsk
tourism | tourism tourists tourist | turism turist | турис | туризм турист | туризм турист | turizm turist sayyoh |
    туризм сайёҳ | turyst
charity | charity charitable | välgörenhet | благотворит | кайрымдуулук | қайырымдылық | xayriya | хайрия |
    charytat dobroczynn
fundraising | fundraising crowdfunding fundraiser | insamling | краудфандинг | чогултуу | жинау | yigish |
    ҷамъоварӣ | zbiórk zrzutk
award | award awards laureate laureates | utmärkelse | лауреат награ | лауреат | лауреат | laureat mukofot | лауреат
    | laureat nagrod
utilities | utilities utility | | коммунал жкх= | коммуналдык | коммуналдық | kommunal | коммуналӣ | komunaln czynsz
rent | rent= rental renting tenants | hyra hyran hyres | аренд | ижара | жалға жалдау | ijara | иҷора | wynaj najem
hunger | malnutrition starvation | undernäring svält | голод= голода= недоедан | ачарчылык | ашаршылық | ocharchilik
    | гуруснагӣ | niedożyw głód=
cotton | cotton | bomull | хлопок= хлопка= хлопков хлопкороб | пахта | мақта | paxta | пахта | bawełn
livestock | livestock cattle sheep | boskap | скот | мал= малчы | мал= малшы | chorva | чорво | bydł żywiec
newspaper | newspaper newspapers | tidning | газет | гезит | газет | gazeta | рӯзнома | gazet
radio | radio= | radio= | радио= радиостанц | радио= үналгы | радио= | radio= | радио= | radio= radiu=
television | television tv= | tv= television | телевиден телеканал | телевидение телеканал | теледидар телеарна |
    televideniye telekanal | телевизион телеканал | telewizj
website | website websites | webbplats hemsida | сайт | сайт | сайт | sayt | сомона сайт | witryn
programming | programming coding robotics | programmering robotik | программирован робототех | программалоо
    робототехника | бағдарламалау робототехника | dasturlash robototexnika | барномасозӣ робототехника | programowan
    robotyk
blood | blood= donors | blod= blodgivning | кров= крови= донор | кан= донор | қан= донор | qon= donor | хун= донор |
    krew= krwi= dawc
mediation | mediation mediator mediators | medling medlare | медиаци медиатор | медиация | медиация | mediatsiya |
    миёнаравӣ медиатсия | mediac mediator
passport | passport passports | pass= passet | паспорт | паспорт | паспорт төлқұжат | pasport | шиноснома паспорт |
    paszport
documents | document documents documentation paperwork | dokument | документ | документ | құжат | hujjat | ҳуҷҷат |
    dokument
queue | queue queues | kö= kön= köer | очеред | кезек | кезек | navbat | навбат | kolejk
solar | solar= | solenergi solpanel solceller | солнечн | панел | панел | quyosh | офтоб | słoneczn fotowolt
football | football | fotboll | футбол | футбол | футбол | futbol | футбол | piłk
chess | chess | schack | шахмат | шахмат | шахмат | shaxmat | шоҳмот | szach= szachy szachow
snow | snow snowfall | snö= snön snöfall | снег снеж | кар= карды= | қар= қарды= | qor= | барф | śnieg śnież
lighting | lighting streetlights lamps | belysning gatlykt | освещени фонар | жарыктандыр | жарықтандыр | yoritish
    | равшанкунӣ | oświetleni latarn
playground | playground playgrounds | lekplats | площадк | аянтча | | maydoncha | майдонча | zabaw
noise | noise noisy | buller oljud | шум= шума= шумом шумн | | шуыл | shovqin | ғавғо | hałas
bridge | bridge bridges | bro= bron= broar | мост= моста= мосту= мостов мостом | көпүрө | көпір | koprik | | most=
    mostu= mosty= moście=
recycling | recycling recycled | återvinning | переработ вторсырь | | өңдеу | | коркард | recykl
autism | autism autistic | autism | аутиз | аутизм | аутизм | autizm | аутизм | autyz
suicide | suicide suicides | självmord | суицид самоубийств | суицид | суицид | suitsid | худкуш | samobój
alcohol | alcohol | alkohol | алкогол | алкогол ичкилик | алкогол ішімдік | alkogol spirtli | алкогол машрубот | alkohol
smoking | smoking tobacco vaping cigarettes | rökning tobak cigarett | курени табак сигарет | тамеки | темекі | chekish
    tamaki sigaret | тамоку сигарет | palenie= tyto papieros
dance | dance dancing dancers | dans | танц | бий= бийлер бийчи | би= биші | raqs | рақс | taniec tańc tańcz
song | song songs singer singers choir | sång= sången sånger kör= kören | песн хор= хора= | ырчы | ән= әні= әндер әнші |
    qoshiq | суруд | piosen chór= chóru= chórem=
cartoon | cartoon cartoons animation animated | tecknad animation | мультфильм анимац | мультфильм | мультфильм |
    multfilm | мултфилм | kreskówk animac
quiz | quiz quizzes | frågesport | викторин квиз | викторина | викторина | viktorina | викторина | quiz teleturniej
hackathon | hackathon hackathons | hackathon | хакатон | хакатон | хакатон | xakaton | хакатон | hackathon
startups | startup startups entrepreneurs entrepreneurship | startup entreprenör | стартап предпринимат | стартап
    ишкер | стартап кәсіпкер | startap tadbirkor | стартап соҳибкор | startup przedsiębior
cafes | cafe cafes restaurant restaurants | kafé restaurang | кафе= ресторан | кафе= кафелер ресторан | кафе= кафелер
    мейрамхана |
    kafe= kafelar restoran | кафе= тарабхона | kawiarn restaurac
inflation | inflation | inflation | инфляц | инфляция | инфляция | inflyatsiya | таваррум | inflac
phone | phone phones mobile | telefon mobil | телефон мобильн | телефон | телефон | telefon | телефон | telefon
    komórk
cold | frost freezing | kyla frost | мороз холод | суук аяз | суық аяз | sovuq ayoz | хунук | mróz mrozy chłod
fire | fire= fires wildfire wildfires | brand= branden bränder | пожар | өрт | өрт | yongin | сӯхтор | pożar
birds | bird birds | fågel fåglar | птиц | куш= куштар | құс= құстар | qush= qushlar | парранда | ptak ptaki ptaków
leopard | leopard leopards | leopard | барс= барсы леопард | илбирс | барыс ілбіс | qoplon | паланг | leopard irbis
nature_reserve | reserve= reserves sanctuary | naturreservat | заповедн | корук | қорық | qoriqxona | мамнӯъгоҳ
    | rezerwat
airport | airport flights flight= | flygplats | аэропорт авиарейс | аэропорт | әуежай | aeroport | фурудгоҳ | lotnisk
railway | train= trains railway | tåg= tåget järnväg | поезд= поезда= поездов железнодорож | поезд темир | пойыз
    теміржол | poyezd temiryol | қатора | pociąg kolej=
garden | garden gardens gardening | trädgård odling | огород садовод | бакча= | бақша= | tomorqa | полиз | ogród ogrod
dispute | dispute disputes conflict quarrel row= | tvist konflikt= gräl | спор= спора= споры спору конфликт ссор
    | талаш чыр= чатак конфликт | дау= дауы дауды жанжал қақтығыс | nizo= nizoli janjal mojaro | баҳс низоъ ихтилоф
    муноқиша | spór= spor= sporu sporze konflikt kłótni
season | season seasons seasonal | säsong | сезон сезона сезоне сезонн | мезгил сезон | маусым= маусымы маусымда
    маусымның | mavsum | мавсим | sezon
legal | legal juridical | juridisk rättslig rättshjälp | правов юридическ | укуктук юридикалык | құқықтық заңгерлік
    | huquqiy yuridik | ҳуқуқӣ | prawn
chair | chair= chairman chairwoman chairperson president= | ordförande | председател | төрага | төраға | rais= raisi
    raisa | раис= раиси | przewodnicząc prezes
board | board= boards | styrelse | правлени совет= совета= | башкарма | басқарма | boshqaruv kengash | раёсат шӯро |
    zarząd
elected | elect elected elects re-elected | vald= valde väljer omvald | избра избира переизбра | шайла | сайла | saylan
    saylad | интихоб | wybra wybier
resigned | resign resigned resignation steps= | avgår avgick | отставк уволил | отставк кызматтан | отставк қызметтен |
    iste'fo | истеъфо | rezygn dymisj
samples | sample samples sampling | prov= prover provtagning | проб= пробы= проба замер | үлгү сынама | сынама
    үлгі | namuna | намуна | prób= próbki próbek
measured | measure measured measuring measurements readings | mät mätning mätte | измер замер | өлчө | өлше |
    olcha olchov | чен= ченкунӣ андозагир | pomiar mierz zmierz
salinity | salinity salty salt= | salthalt salt= | солен солон соль= | туздуу туз= | тұздылығ тұз= | shorlan tuz=
    | шӯр намак | zasolen sól= sol=
incidents | incident incidents cases= | händelse fall= | случаев случаи= случай= инцидент | окуя учур | оқиға жағдай |
    hodisa holat | ҳодиса ҳолат | incydent przypadk przypadków
published | publish publishes published releases | publicer | опубликова публику выпусти | жарыялад жарыкка |
    жариялад жарық= | elon chop= nashr | нашр интишор | opublik publik wydał= wydała= wydało= wydany wydane wydanie
clothes | clothes clothing jacket jackets coats | kläder jacka jackor | одежд куртк пальто | кийим куртка | киім
    күртеше | kiyim kurtka | либос куртка | ubra ubrań kurtk
mirab | mirab mirabs water users | vattenförvaltare | мираб водопользовател | мираб суу пайдалан | мираб су
    пайдалан | mirob suv istemolchi | мироб обистифода | mirab
~group | group= groups | grupp grupper | групп | топ= тобу тобун топтун | топ= тобы тобын топтың | guruh | гурӯҳ |
    grup
bureau | bureau bureaus office= offices | byrå kansli kontor | бюро офис | бюро кеңсе | бюро кеңсе | byuro idora | бюро
    идора | biur
cooperative | cooperative cooperatives co-op | kooperativ | кооператив артел | кооператив | кооператив | kooperativ |
    кооператив | spółdzielni kooperatyw
crafts | craft crafts craftswomen craftsmen artisans embroidery pottery ceramics | hantverk broderi keramik |
    ремесл ремесленн вышив керамик гончар | кол өнөр кыял сайма керамика | қолөнер кесте керамика | hunarmand kashta
    kulol sopol | ҳунарманд ҳунар кашта кулол сафолин | rzemieśl rękodzie haft ceramik garncar
conclusion | conclusion opinion= brief= | yttrande | заключени | корутунду | қорытынды | xulosa | хулоса | opini
    stanowisk
share_of | share= shares | andel andelar | дол= доли= долей= долю= | үлүш | үлес | ulush | ҳисса | udział
"""

# The Central Asian and partner places: named in every language, spelled differently enough in
# some that the skeleton of a name would not match ("Алматы"/"Almaty" match, "Тажикистан"/
# "Tadzjikistan" need this).
PLACE_ROWS = """
kyrgyzstan | kyrgyzstan kyrgyz | kirgizistan kirgizisk | кыргызстан киргиз киргизи кыргыз | кыргызстан кыргыз |
    қырғызстан қырғыз | qirgiziston qirgiz | қирғизистон қирғиз | kirgist kirgiz
kazakhstan | kazakhstan kazakh | kazakstan kazakisk | казахстан казах | казакстан казак | қазақстан қазақ |
    qozogiston qozoq | қазоқистон қазоқ | kazachst kazach
uzbekistan | uzbekistan uzbek | uzbekistan uzbekisk | узбекистан узбек | өзбекстан өзбек | өзбекстан өзбек |
    ozbekiston ozbek | ӯзбекистон узбекистон ӯзбек узбек | uzbekist uzbek
tajikistan | tajikistan tajik | tadzjikistan tadzjik | таджикистан таджик | тажикстан тажик | тәжікстан тәжік |
    tojikiston tojik | тоҷикистон тоҷик | tadżykist tadżyk
turkmenistan | turkmenistan turkmen | turkmenistan | туркменистан туркмен | түркмөнстан түркмөн | түрікменстан
    түрікмен | turkmaniston turkman | туркманистон туркман | turkmenist turkmen
russia | russia russian | ryssland rysk | росси русск | орусия россия орус | ресей орыс | rossiya rus= | русия рус=
    | rosj rosyj
sweden | sweden swedish | sverige svensk | швеци шведск | швеция | швеция | shvetsiya | шветсия | szwecj szwedz
poland | poland polish | polen polsk | польш польск | польша | польша | polsha | лаҳистон полша | polsk polsc
central_asia | asia asian | centralasien | азии азия азиатск | азия | азия | osiyo | осиё | azji azja
bishkek | bishkek | bisjkek | бишкек | бишкек | бішкек | bishkek | бишкек | biszkek
dushanbe | dushanbe | dusjanbe | душанбе | душанбе | душанбе | dushanbe | душанбе | duszanbe
tashkent | tashkent | tasjkent | ташкент | ташкент | ташкент | toshkent | тошкент | taszkent
almaty | almaty | almaty | алматы | алматы | алматы | olmaota almati | алмаато алмати | ałmat almat
astana | astana | astana | астан | астана | астана | ostona astana | остона | astan
osh | osh= | osj= | ош= оше= оша= ошской ошская | ош= оштон ошто ошко | ош= | osh= | ӯш= уш= | osz=
khujand | khujand khujand | chudzjand | худжанд | хужанд | хұжанд | xojand | хуҷанд | chodżent
karakalpakstan | karakalpakstan karakalpak nukus | karakalpakstan nukus | каракалпак нукус | каракалпак нукус |
    қарақалпақ нөкіс | qoraqalpog nukus | қароқалпоқ нукус | karakałpak nukus
gbao | badakhshan gbao khorog pamir | badachsjan chorog pamir | бадахшан хорог памир | бадахшан хорог памир |
    бадахшан хорог памир | badaxshon xorog pomir | бадахшон хоруғ помир | badachszan chorog pamir
gothenburg | gothenburg göteborg | göteborg | гетеборг гётеборг | гетеборг | гетеборг | geteborg | гётеборг |
    göteborg
stockholm | stockholm | stockholm | стокгольм | стокгольм | стокгольм | stokgolm | стокголм | sztokholm
warsaw | warsaw | warszawa | варшав | варшава | варшава | varshava | варшава | warszaw
afghanistan | afghanistan afghan | afghanistan afghansk | афганистан афган | ооганстан афганистан | ауғанстан |
    afgoniston afgon | афғонистон афғон | afganist afgań
china | china chinese | kina kinesisk | кита | кытай | қытай | xitoy | хитой | chin chiń
ukraine | ukraine ukrainian | ukraina ukrainsk | украин | украина | украина | ukraina | украина | ukrain
turkey | turkey turkish | turkiet turkisk | турци турецк | түркия | түркия | turkiya | туркия | turcj tureck
germany | germany german | tyskland tysk | германи немецк | германия | германия | germaniya | олмон германия | niemc
    niemiec
usa | usa american | usa amerikansk | сша америк | америка ақш | америка ақш | aqsh amerika | амрико | usa ameryk
karakol | karakol | karakol | каракол | каракол | қарақол | qorakol | қароқул | karakoł
naryn | naryn | naryn | нарын | нарын | нарын | norin | нарин | naryn
talas | talas | talas | талас | талас | талас | talas | талас | talas
batken | batken | batken | баткен | баткен | баткен | botken | боткен | batken
jalal_abad | jalal | jalal | джалал | жалал | жалал | jalol | ҷалол | dżalal
shymkent | shymkent | sjymkent | шымкент чимкент | шымкент | шымкент | chimkent | чимкент | szymkent
karaganda | karaganda | karaganda | караганд | караганды | қарағанды | qaragandi | қарағанда | karagand
samarkand | samarkand | samarkand | самарканд | самарканд | самарқанд | samarqand | самарқанд | samarkand
bukhara | bukhara | buchara | бухар | бухара | бұхара | buxoro | бухоро | buchar
fergana | fergana ferghana | fergana | фергана ферган | фергана | ферғана | fargona | фарғона | fergan
kulob | kulob kulyab | kulob | куляб кулоб | куляб | күләб | kulob | кӯлоб | kulab
bokhtar | bokhtar | bochtar | бохтар | бохтар | бохтар | boxtar | бохтар | bochtar
sughd | sughd | sughd | согд | соғд | соғды | sugd | суғд | sugd
khatlon | khatlon | chatlon | хатлон | хатлон | хатлон | xatlon | хатлон | chatłon
namangan | namangan | namangan | наманган | наманган | наманған | namangan | намангон | namangan
andijan | andijan andijon | andizjan | андижан | анжиян андижан | әндіжан | andijon | андиҷон | andiżan
kokand | kokand | kokand | коканд | кокон | қоқан | qoqon | хӯқанд | kokand
nukus | nukus | nukus | нукус | нукус | нөкіс | nukus | нукус | nukus
termez | termez | termez | термез | термез | термез | termiz | тирмиз | termez
karshi | karshi | karsji | карши | карши | қарши | qarshi | қарши | karszy
urgench | urgench | urgentj | ургенч | үргенч | үргеніш | urganch | урганҷ | urgencz
tokmok | tokmok tokmak | tokmok | токмок токмак | токмок | тоқмақ | toqmoq | тоқмоқ | tokmok
uzgen | uzgen | uzgen | узген | өзгөн | өзген | ozgan | ӯзган | uzgen
kara_suu | kara-suu karasuu | kara-suu | кара-суу карасуу | кара-суу карасуу | қарасу | qorasuv | қарасу | kara-suu
balykchy | balykchy | balyktjy | балыкчы | балыкчы= | | baliqchi= | баликчи | bałykczy
kyzylorda | kyzylorda | kyzylorda | кызылорд | кызылорд | қызылорд | qizilo'rda qiziloʻrda | қизилӯрдо | kyzyłord
aralsk | aralsk | aralsk | аральск | арал= аралда= | арал= аралда= аралдың= аралға= | orol= | арал= | aralsk
kazaly | kazaly kazalinsk | kazalinsk | казалинск казалы | казалы | қазалы | qazali | қазали | kazalińsk
taraz | taraz | taraz | тараз | тараз | тараз | taroz | тароз | taraz
turkestan_city | turkistan turkestan | turkestan | туркестан | түркстан | түркістан | turkiston | туркистон | turkiestan
aktobe | aktobe | aktobe | актобе | актөбө | ақтөбе | aqto'be | ақтобе | aktobe
atyrau | atyrau | atyrau | атырау | атырау | атырау | atirau | атирау | atyrau
aktau | aktau | aktau | актау | актоо | ақтау | oqtov | ақтау | aktau
pavlodar | pavlodar | pavlodar | павлодар | павлодар | павлодар | pavlodar | павлодар | pawłodar
semey | semey semipalatinsk | semej | семея= семее= семипалатинск | семей | семей | semey | семей | semej
taldykorgan | taldykorgan | taldykorgan | талдыкорган | талдыкорган | талдықорған | taldiqo'rg'on | талдиқурғон |
    tałdykorgan
oral | uralsk | uralsk | уральск | орал= | орал= | | | uralsk
istaravshan | istaravshan | istaravsjan | истаравшан | истаравшан | истаравшан | istaravshan | истаравшан | istarawszan
isfara | isfara | isfara | исфар | исфара | исфара | isfara | исфара | isfar
panjakent | panjakent penjikent | pandzjakent | пенджикент панджакент | пенжикент | пенжікент | panjakent | панҷакент |
    pendżykent
tursunzoda | tursunzoda | tursunzoda | турсунзаде | турсунзаде | турсынзаде | tursunzoda | турсунзода | tursunzade
vahdat | vahdat | vahdat | вахдат | вахдат | уахдат | vahdat | ваҳдат | wahdat
malmo | malmö | malmö | мальмё мальме | мальмё | мальмё | malmyo | малмё | malmö
uppsala | uppsala | uppsala | уппсал | уппсала | уппсала | uppsala | уппсала | uppsal
krakow | krakow cracow | krakow | краков | краков | краков | krakov | краков | krakow kraków krakow
gdansk | gdansk | gdansk | гданьск гданск | гданьск | гданьск | gdansk | гданск | gdańsk gdansk
wroclaw | wroclaw | wroclaw | вроцлав | вроцлав | вроцлав | vrotslav | вротслав | wrocław
poznan | poznan | poznan | познан | познань | познань | poznan | познан | poznań poznan
lodz | lodz | lodz | лодз | лодзь | лодзь | lodz | лодз | łódź łodz lodz
lublin | lublin | lublin | люблин | люблин | люблин | lyublin | люблин | lublin
"""

MONTH_ROWS = """
1 | january | januari | январ | январ | қаңтар | yanvar | январ | styczeń styczni styczn
2 | february | februari | феврал | феврал | ақпан | fevral | феврал | luty= lutego lutym
3 | march= | mars= | март= марта марте | март | наурыз | mart= | март= | marzec= marca= marcu=
4 | april | april | апрел | апрел | сәуір | aprel | апрел | kwiecień kwietni
5 | | maj= | мая= мае= май= | май= майда майга майдын | мамыр | may= | май= | maj= maja= maju=
6 | june | juni | июн | июн | маусым | iyun | июн | czerwiec czerwc
7 | july | juli | июл | июл | шілде | iyul | июл | lipiec= lipca lipcu
8 | august | augusti | август | август | тамыз | avgust | август | sierpień sierpni
9 | september | september | сентябр | сентябр | қыркүйек | sentabr sentyabr | сентябр | wrzesień wrześni
10 | october | oktober | октябр | октябр | қазан= қазанда қазанның | oktabr oktyabr | октябр | październik
11 | november | november | ноябр | ноябр | қараша | noyabr | ноябр | listopad
12 | december | december | декабр | декабр | желтоқсан | dekabr | декабр | grudzień grudni
"""

# Concepts that say what kind of post or event a post is about. Two posts of one site whose
# kinds fall in no common class are two posts (a festival and a rally in one city on 8 March),
# however much else they share; a translator's "workshop" for "семинар" stays in one class.
KIND_CLASSES = (
    frozenset({"training", "seminar", "lecture", "school", "education", "university", "camp"}),
    frozenset({"festival", "exhibition", "film", "music", "theatre", "sport", "holiday", "competition", "camp"}),
    frozenset({"conference", "forum", "meeting", "discussion", "seminar", "lecture"}),
    frozenset({"rally"}),
    frozenset({"podcast", "video", "film"}),
    frozenset({"book", "guide", "report", "research", "results"}),
    frozenset({"petition", "statement", "appeal_letter", "solidarity"}),
    frozenset({"newsletter"}),
    frozenset({"vacancy"}),
    frozenset({"donation", "grant", "competition"}),
    frozenset({"trial", "hearing", "verdict", "appeal", "court", "judge", "prosecutor", "bail", "postponed"}),
)

# Every concept naming a kind of post: a title naming one the other post never mentions
# ("Photos from the camp" and "Report from the camp") is another post.
POST_KINDS = frozenset().union(*KIND_CLASSES, {"photo"})

# Where in its life a project is: a call for applications and a graduation of one school on one
# site are two posts.
STAGE_CLASSES = (frozenset({"apply", "registration", "deadline"}), frozenset({"graduates"}))

# Kinds of event a headline names that its translation names too, whatever the words: a headline
# naming one the other post never mentions belongs to another post.
EVENT_KINDS = frozenset(
    {"training", "seminar", "lecture", "school", "camp", "festival", "exhibition", "film", "theatre", "conference",
     "forum", "rally", "podcast", "book", "petition", "competition"}
)  # fmt: skip

# Cities: two posts each naming a city the other does not are about two places.
CITIES = frozenset(
    {"bishkek", "dushanbe", "tashkent", "almaty", "astana", "osh", "khujand", "gothenburg", "stockholm", "warsaw",
     "karakol", "naryn", "talas", "batken", "jalal_abad", "shymkent", "karaganda", "samarkand", "bukhara", "fergana",
     "kulob", "bokhtar", "namangan", "andijan", "kokand", "nukus", "termez", "karshi", "urgench", "tokmok", "uzgen",
     "kara_suu", "balykchy", "kyzylorda", "aralsk", "kazaly", "taraz", "turkestan_city", "aktobe", "atyrau", "aktau",
     "pavlodar", "semey", "taldykorgan", "oral", "istaravshan", "isfara", "panjakent", "tursunzoda", "vahdat", "malmo",
     "uppsala", "krakow", "gdansk", "wroclaw", "poznan", "lodz", "lublin"}
)  # fmt: skip

# The words before a place ("in Osh", "в Оше", "дар Хуҷанд", "w Lublinie") and the Turkic
# locative endings ("Ошто", "Өзгөндө", "Namanganda"): a name after or with one is where something
# happens, and a translation says the same where (translation._places).
PLACE_PREPOSITIONS = {
    "en": frozenset({"in", "near"}),
    "sv": frozenset({"i"}),
    "ru": frozenset({"в", "во", "под"}),
    "pl": frozenset({"w", "we", "pod"}),
    "tg": frozenset({"дар"}),
}
LOCATIVE_ENDINGS = {
    "ky": ("да", "де", "та", "те", "до", "дө", "то", "тө"),
    "kk": ("да", "де", "та", "те", "нда", "нде"),
    "uz": ("da", "dagi"),
}
# Turkic languages name a district before the word for it, which carries the locative: "Аксы
# районунда", "Талғар ауданында", "Buvayda tumanida". The name is then where, as after "в".
# Written as words are compared: "й" is read as "и".
DISTRICT_WORDS = {
    "ky": ("раион",),
    "kk": ("аудан", "раион"),
    "uz": ("tuman",),
}

# Who a post is about: legal aid for migrants and legal aid for women in one city are two posts.
# Young people, pupils and children are one class: translators move between those words.
GROUP_CLASSES = (
    frozenset({"women", "girls"}),
    frozenset({"migrants", "refugees"}),
    frozenset({"children", "youth", "students", "pupils", "teenagers", "orphans", "girls", "boys", "kindergarten"}),
    frozenset({"journalist"}),
    frozenset({"farmers"}),
    frozenset({"disability", "autism"}),
    frozenset({"elderly"}),
    frozenset({"inmates"}),
    frozenset({"lgbt"}),
)

# What happened: a dispute settled and a season begun on one canal are two posts; so are a shop
# opened and new goods on sale in it.
HAPPENING_CLASSES = (frozenset({"dispute"}), frozenset({"season"}), frozenset({"open"}), frozenset({"sales"}))

# What a community's problem is about, likewise: a round table on water and one on pastures in
# one region on one day are two posts.
SUBJECT_CLASSES = (
    frozenset({"water"}),
    frozenset({"land"}),
    frozenset({"gas", "energy"}),
    frozenset({"air", "environment"}),
    frozenset({"mining", "environment"}),
    frozenset({"housing"}),
)

NUMBER_ROWS = """
~1 | one= | en= ett= | один= одна= одно= одного= одной= одном= | бир= | бір= | bir= | як= | jeden= jedna= jedno=
    jednego= jednej=
1 | first firstly | första | перв впервые | биринчи алгачкы | бірінші алғашқы | birinchi ilk= | якум нахустин аввал
    | pierwsz
2 | two= second twice | två= andra= | два= две= двух= двум= двумя= двое= втор | эки= экинчи экөө | екі= екінші екеу
    | ikki ikkinchi | ду= дуюм | dwa= dwie= dwóch= dwoma= dwu= drug
3 | three= third | tre= tredje | три= трех= трем= тремя= трое= трет | үч= үчтөн үчүнчү үчөө | үш= үшінші үшеу | uch=
    uchinchi | се= сеюм | trzy= trzech= trzem= trzema= trzec
4 | four= fourth | fyra= fjärde | четыр четверо четверт | төрт | төрт | tort= tortinchi | чор= чорум | cztery
    czterech czwart
5 | five= fifth | fem= femte | пять= пяти= пятью= пятый пятая пятое пятого пятом | беш= бешинчи | бес= бесінші |
    besh beshinchi | панҷ | pięć= pięciu piąt
6 | six= sixth | sex= sjätte | шесть= шести= шестой шестая шестого | алты= алтынчы | алты= алтыншы | olti oltinchi |
    шаш= шашум | sześć= sześciu szóst
7 | seven= seventh | sju= sjunde | семь= семи= седьм | жети= жетинчи | жеті= жетінші | yetti= yettinchi | ҳафт=
    ҳафтум | siedem= siedmiu siódm
8 | eight= eighth | åtta= åttonde | восемь восьми восьм | сегиз | сегіз | sakkiz | ҳашт= ҳаштум | osiem= ośmiu ósm
9 | nine= ninth | nio= nionde | девять девяти девят | тогуз | тоғыз | toqqiz | нӯҳ= нӯҳум | dziewięć= dziewięciu
    dziewiąt
10 | ten= tenth | tio= tionde | десять десяти десят | он= ондон онунчу | он= оныншы | on= oninchi | даҳ= даҳум |
    dziesięć= dziesięciu dziesiąt
11 | eleven | elva= | одиннадцат | | | | ёздаҳ | jedenaś
12 | twelve | tolv= | двенадцат | | | | дувоздаҳ | dwanaś
13 | thirteen | tretton | тринадцат | | | | сенздаҳ | trzynaś
14 | fourteen | fjorton | четырнадцат | | | | чордаҳ | czternaś
15 | fifteen | femton | пятнадцат | | | | понздаҳ | piętnaś
16 | sixteen | sexton | шестнадцат | | | | шонздаҳ | szesnaś
17 | seventeen | sjutton | семнадцат | | | | ҳабдаҳ | siedemnaś
18 | eighteen | arton | восемнадцат | | | | ҳаждаҳ | osiemnaś
19 | nineteen | nitton | девятнадцат | | | | нуздаҳ | dziewiętnaś
20 | twenty | tjugo | двадцат | жыйырма | жиырма | yigirma | бист | dwadzieśc dwudziest
30 | thirty | trettio | тридцат | отуз | отыз | ottiz | си= сӣ= | trzydzie
40 | forty | fyrtio | сорок= сорока= | кырк | қырық | qirq | чил= чиҳил | czterdzie
50 | fifty | femtio | пятьдесят пятидесят | элүү | елу | ellik | панҷоҳ | pięćdziesi
60 | sixty | sextio | шестьдесят шестидесят | алтымыш | алпыс | oltmish | шаст= | sześćdziesi
70 | seventy | sjuttio | семьдесят семидесят | жетимиш | жетпіс | yetmish | ҳафтод | siedemdziesi
80 | eighty | åttio | восемьдесят восьмидесят | сексен | сексен | sakson | ҳаштод | osiemdziesi
90 | ninety | nittio | девяност | токсон | тоқсан | toqson | навад | dziewięćdziesi
100 | hundred hundreds | hundra | сто= ста= сотни сотен | жүз= жүзгө жүздөн жүзү жүздөй | жүз= жүзге жүзден жүзі |
    yuz= yuzga yuzdan | сад= | sto= stu= setk
200 | | tvåhundra | двести двухсот | | | | дусад | dwieście dwustu
300 | | trehundra | триста трехсот | | | | сесад | trzysta trzystu
500 | | femhundra | пятьсот пятисот | | | | панҷсад | pięćset pięciuset
1000 | thousand thousands | tusen | тысяч | миң | мың | ming | ҳазор | tysiąc tysięc
0.5 | half= | halv hälften | половин полгода | жарым | жарты жартысы | yarim | ним= нисф | pół= połow
- | | | пятниц пятн вторник трехсторон десятк | үчүн жетиш жетим жетекчи | үшін жетіст жетім | uchun uchrash uchr |
    ҳафта даҳшат садо |
"""
