import AllmenningCore
import Foundation

/// Rules about accessible names: images, buttons, links, form fields, frames, headings and
/// other elements that screen readers announce by their name, and widgets whose visible label
/// must be part of that name.
enum NameRules {
    static let all: [AccessibilityRule] = [
        imageName, imageButtonName, svgName, objectName, iframeName, buttonName, linkName, formFieldName, headingName,
        menuitemName, summaryName, labelInName,
    ]

    // MARK: Images

    static let imageName = AccessibilityRule(
        code: "accessibility.image-name", act: "23a2a8", wcag: ["1.1.1"],
        title: LocalizedText(nb: "Bildet mangler tekstalternativ", en: "The image has no text alternative"),
        description: LocalizedText(
            nb: "Et bilde må ha en tekst som sier det samme som bildet (alt=\"…\"), så elever som ikke ser det får samme informasjon. Et bilde som bare er pynt, skal ha alt=\"\".",
            en: "An image needs a text that says what the image says (alt=\"…\"), so that pupils who cannot see it get the same information. An image that is only decoration gets alt=\"\"."),
        triggering: [
            "<img src=\"pizza.png\">",
            "<img src=\"pizza.png\" alt=\" \">",
            "<div role=\"img\" style=\"background-image: url(pizza.png)\"></div>",
            "<img role=\"none\" tabindex=\"0\" src=\"pizza.png\">",
        ],
        nonTriggering: [
            "<img src=\"pizza.png\" alt=\"En pizza delt i åtte like store stykker\">",
            "<img src=\"pynt.png\" alt=\"\">",
            "<img src=\"pynt.png\" role=\"presentation\">",
            "<img src=\"pizza.png\" aria-hidden=\"true\">",
            "<span id=\"t\">Pizza i åttedeler</span><div role=\"img\" aria-labelledby=\"t\"></div>",
            "<img src=\"pizza.png\" title=\"Pizza i åttedeler\">",
            // An SVG element is not an HTML element: 7d6734 (svgImageName) covers it.
            "<svg role=\"img\" viewBox=\"0 0 10 10\"><circle cx=\"5\" cy=\"5\" r=\"4\"/></svg>",
        ]
    ) { page in
        let names = PageNames(page)
        return candidates(in: page, named: ["img"]).compactMap { node in
            let role = page.semanticRole(of: node)
            guard page.name(of: node) == "img" || role == "img", !page.isSVGElement(node), !page.isHiddenFromAssistiveTechnology(node) else {
                return nil
            }
            if role == "none" || role == "presentation" || !names.accessibleName(of: node).isEmpty { return nil }
            if page.name(of: node) != "img" {
                return .init(node: node, message: LocalizedText(
                    nb: "Elementet med role=\"img\" har ikke noe tekstalternativ. Skriv hva bildet viser i aria-label=\"…\".",
                    en: "The element with role=\"img\" has no text alternative. Say what the picture shows in aria-label=\"…\"."))
            }
            return .init(node: node, message: LocalizedText(
                nb: "Bildet har ikke noe tekstalternativ. Skriv hva bildet viser i alt=\"…\", eller alt=\"\" hvis det bare er pynt.",
                en: "The image has no text alternative. Say what it shows in alt=\"…\", or write alt=\"\" if it is only decoration."))
        }
    }

    static let imageButtonName = AccessibilityRule(
        code: "accessibility.image-button-name", act: "59796f", wcag: ["1.1.1", "4.1.2"],
        title: LocalizedText(nb: "Bildeknappen mangler navn", en: "The image button has no name"),
        description: LocalizedText(
            nb: "En knapp laget av et bilde (input type=\"image\") trenger alt med det knappen gjør, for eksempel alt=\"Søk\". Uten den leser skjermleseren bare «Send spørring» eller ingenting.",
            en: "A button made from an image (input type=\"image\") needs alt saying what the button does, for example alt=\"Search\". Without it a screen reader says only \"Submit Query\" or nothing."),
        triggering: [
            "<input type=\"image\" src=\"sok.svg\" name=\"sok\">",
            "<input type=\"image\" src=\"sok.svg\" alt=\"\">",
            "<input type=\"image\" src=\"sok.svg\" aria-labelledby=\"finnes-ikke\">",
        ],
        nonTriggering: [
            "<input type=\"image\" src=\"sok.svg\" alt=\"Søk\">",
            "<input type=\"image\" src=\"sok.svg\" title=\"Søk\">",
            "<input type=\"image\" src=\"sok.svg\" aria-labelledby=\"s\"><span id=\"s\">Søk</span>",
            "<input type=\"image\" src=\"sok.svg\" style=\"display: none\">",
        ]
    ) { page in
        let names = PageNames(page)
        return page.tree.elements(named: "input").compactMap { node in
            guard page.attribute("type", of: node)?.lowercased() == "image",
                  !page.isHiddenFromAssistiveTechnology(node) else { return nil }
            let name = names.nameComputation(of: node)
            guard name.isEmpty || name.isBrowserDefault else { return nil }
            return .init(node: node, message: LocalizedText(
                nb: "Bildeknappen har ikke noe navn. Skriv hva knappen gjør i alt=\"…\", for eksempel alt=\"Søk\".",
                en: "The image button has no name. Say what the button does in alt=\"…\", for example alt=\"Search\"."))
        }
    }

    static let svgName = AccessibilityRule(
        code: "accessibility.svg-name", act: "7d6734", wcag: ["1.1.1"],
        title: LocalizedText(nb: "SVG-grafikk med rolle mangler navn", en: "SVG graphic with a role has no name"),
        description: LocalizedText(
            nb: "En SVG-tegning eller del av en med role=\"img\", \"graphics-document\" eller \"graphics-symbol\" skal formidle noe, og trenger et navn: et title-element som første barn, eller aria-label. Tekst tegnet med <text> teller ikke.",
            en: "An SVG drawing or part of one with role=\"img\", \"graphics-document\" or \"graphics-symbol\" conveys something and needs a name: a title element as its first child, or aria-label. Text drawn with <text> does not count."),
        triggering: [
            "<svg role=\"img\"><circle cx=\"50\" cy=\"50\" r=\"40\"></circle></svg>",
            "<svg role=\"img\"><title></title><circle cx=\"50\" cy=\"50\" r=\"40\"></circle></svg>",
            "<svg><circle role=\"graphics-symbol\" cx=\"50\" cy=\"50\" r=\"40\"></circle></svg>",
            "<svg role=\"img\"><text x=\"10\" y=\"20\">3/4</text></svg>",
        ],
        nonTriggering: [
            "<svg role=\"img\"><title>Tre firedeler av en sirkel</title><circle cx=\"50\" cy=\"50\" r=\"40\"></circle></svg>",
            "<svg><circle role=\"graphics-symbol\" aria-label=\"En sirkel\" cx=\"50\" cy=\"50\" r=\"40\"></circle></svg>",
            "<svg role=\"img\" aria-hidden=\"true\"><circle cx=\"50\" cy=\"50\" r=\"40\"></circle></svg>",
            "<svg><circle cx=\"50\" cy=\"50\" r=\"40\"></circle></svg>",
        ]
    ) { page in
        let names = PageNames(page)
        return candidates(in: page, named: []).compactMap { node in
            guard let role = page.explicitRoleToken(of: node), ["img", "graphics-document", "graphics-symbol"].contains(role),
                  page.isSVGElement(node), !page.isHiddenFromAssistiveTechnology(node),
                  names.accessibleName(of: node).isEmpty else { return nil }
            return .init(node: node, message: LocalizedText(
                nb: "SVG-grafikken har ikke noe navn. Legg <title>hva den viser</title> først i elementet, eller skriv aria-label=\"…\".",
                en: "The SVG graphic has no name. Put <title>what it shows</title> first inside the element, or write aria-label=\"…\"."))
        }
    }

    static let objectName = AccessibilityRule(
        code: "accessibility.object-name", act: "8fc3b6", wcag: ["1.1.1"],
        title: LocalizedText(nb: "Innebygd bilde, lyd eller video (object) mangler navn",
                             en: "Embedded image, audio or video (object) has no name"),
        description: LocalizedText(
            nb: "Et object-element som viser et bilde, en lyd eller en video trenger et navn i title, aria-label eller aria-labelledby. alt og innholdet inne i object teller ikke.",
            en: "An object element that shows an image, audio or video needs a name in title, aria-label or aria-labelledby. alt and the content inside the object do not count."),
        triggering: [
            "<object data=\"opptak.mp3\"></object>",
            "<object data=\"graf.png\"><img src=\"graf.png\" alt=\"Graf\"></object>",
            "<object data=\"film.mp4\" title=\"\"></object>",
            "<object data=\"/media/klipp\" type=\"video/mp4\" alt=\"Klipp\"></object>",
        ],
        nonTriggering: [
            "<object data=\"opptak.mp3\" title=\"Opptak av diktet\"></object>",
            "<object data=\"graf.png\" aria-label=\"Graf over temperaturen i mai\"></object>",
            "<object data=\"side.html\"></object>",
            "<object data=\"graf.png\" role=\"presentation\"></object>",
            "<object data=\"graf.png\" aria-hidden=\"true\"></object>",
        ]
    ) { page in
        let names = PageNames(page)
        return page.tree.elements(named: "object").compactMap { node in
            guard page.explicitRoleToken(of: node) == nil, embedsMedia(node, in: page), !page.isHiddenFromAssistiveTechnology(node),
                  names.accessibleName(of: node).isEmpty else { return nil }
            return .init(node: node, message: LocalizedText(
                nb: "Det innebygde bildet, lyden eller videoen har ikke noe navn. Skriv hva det er i title=\"…\" på object-elementet.",
                en: "The embedded image, audio or video has no name. Say what it is in title=\"…\" on the object element."))
        }
    }

    // MARK: Frames and controls

    static let iframeName = AccessibilityRule(
        code: "accessibility.iframe-name", act: "cae760", wcag: ["4.1.2"],
        title: LocalizedText(nb: "Innebygd ramme (iframe) mangler navn", en: "Embedded frame (iframe) has no name"),
        description: LocalizedText(
            nb: "En iframe (en innebygd video, et skjema, en annen side) trenger title som sier hva den inneholder, så skjermleserbrukere vet om de vil gå inn i den. name-attributtet teller ikke.",
            en: "An iframe (an embedded video, a form, another page) needs title saying what it holds, so that screen reader users know whether to enter it. The name attribute does not count."),
        triggering: [
            "<iframe src=\"https://example.org/oppgave\"></iframe>",
            "<iframe name=\"oppgave\" src=\"https://example.org/oppgave\"></iframe>",
            "<iframe title=\" \" src=\"https://example.org/oppgave\"></iframe>",
        ],
        nonTriggering: [
            "<iframe title=\"Video: Slik deler du en pizza i åttedeler\" src=\"https://example.org/video\"></iframe>",
            "<iframe tabindex=\"-1\" src=\"https://example.org/oppgave\"></iframe>",
            "<iframe role=\"presentation\" src=\"https://example.org/oppgave\"></iframe>",
            "<iframe style=\"display: none\" src=\"https://example.org/oppgave\"></iframe>",
        ]
    ) { page in
        let names = PageNames(page)
        return page.tree.elements(named: "iframe").compactMap { node in
            guard !page.isHiddenFromAssistiveTechnology(node), !page.isMarkedDecorative(node) else { return nil }
            if let tabindex = page.attribute("tabindex", of: node), let value = Page.htmlInteger(tabindex), value < 0 { return nil }
            guard names.accessibleName(of: node).isEmpty else { return nil }
            return .init(node: node, message: LocalizedText(
                nb: "Rammen har ikke noe navn. Skriv hva den inneholder i title=\"…\", for eksempel title=\"Video: Brøk med pizza\".",
                en: "The frame has no name. Say what it holds in title=\"…\", for example title=\"Video: Fractions with pizza\"."))
        }
    }

    static let buttonName = AccessibilityRule(
        code: "accessibility.button-name", act: "97a4e1", wcag: ["4.1.2"],
        title: LocalizedText(nb: "Knappen mangler navn", en: "The button has no name"),
        description: LocalizedText(
            nb: "En knapp må ha tekst som sier hva den gjør: tekst inni button, value på input-knapper, eller aria-label når knappen bare er et ikon. value på et button-element teller ikke.",
            en: "A button needs text saying what it does: text inside button, value on input buttons, or aria-label when the button is only an icon. value on a button element does not count."),
        triggering: [
            "<button></button>",
            "<button type=\"button\" value=\"Les mer\"></button>",
            "<span role=\"button\" tabindex=\"0\"></span>",
            "<button role=\"none\"></button>",
            "<input type=\"button\">",
        ],
        nonTriggering: [
            "<button>Sjekk svaret</button>",
            "<input type=\"submit\" value=\"Lever\">",
            "<input type=\"reset\">",
            "<button aria-label=\"Lukk\"><img src=\"lukk.svg\" alt=\"\"></button>",
            "<button role=\"none\" disabled></button>",
            "<button style=\"display: none\"></button>",
            "<input type=\"image\" src=\"sok.svg\">",
        ]
    ) { page in
        let names = PageNames(page)
        return candidates(in: page, named: ["button", "input", "summary"]).compactMap { node in
            guard page.semanticRole(of: node) == "button", !page.isHiddenFromAssistiveTechnology(node) else { return nil }
            // Image buttons have a rule of their own (59796f); a details summary without an
            // explicit button role has none in HTML-ARIA and a rule of its own (2t702h).
            if page.name(of: node) == "input", page.attribute("type", of: node)?.lowercased() == "image" { return nil }
            if page.name(of: node) == "summary", page.explicitRoleToken(of: node) != "button" { return nil }
            guard names.accessibleName(of: node).isEmpty else { return nil }
            return .init(node: node, message: LocalizedText(
                nb: "Knappen har ikke noe navn. Skriv hva den gjør inni knappen, eller i aria-label=\"…\" hvis den bare viser et ikon.",
                en: "The button has no name. Say what it does inside the button, or in aria-label=\"…\" if it only shows an icon."))
        }
    }

    static let linkName = AccessibilityRule(
        code: "accessibility.link-name", act: "c487ae", wcag: ["4.1.2", "2.4.4", "2.4.9", "1.1.1"],
        title: LocalizedText(nb: "Lenken mangler navn", en: "The link has no name"),
        description: LocalizedText(
            nb: "En lenke må ha tekst som sier hvor den går. Er lenken et bilde, må bildet ha alt-tekst; et bilde med alt=\"\" gir lenken ingen tekst.",
            en: "A link needs text saying where it goes. If the link is an image, the image needs alt text; an image with alt=\"\" gives the link no text."),
        triggering: [
            "<a href=\"brok.html\"></a>",
            "<a href=\"brok.html\"><img src=\"pil.png\" alt=\"\"></a>",
            "<a href=\"brok.html\"><img src=\"pil.png\" aria-labelledby=\"finnes-ikke\"></a>",
            "<img src=\"kart.png\" alt=\"Kart\" usemap=\"#k\"><map name=\"k\"><area shape=\"rect\" coords=\"0,0,10,10\" href=\"oslo.html\"></map>",
            "<a href=\"brok.html\" role=\"none\"> </a>",
        ],
        nonTriggering: [
            "<a href=\"brok.html\">Mer om brøk</a>",
            "<a href=\"brok.html\"><img src=\"pil.png\" alt=\"Mer om brøk\"></a>",
            "<a href=\"brok.html\" title=\"Mer om brøk\"><img src=\"pil.png\" alt=\"\"></a>",
            "<a href=\"brok.html\"><img src=\"pil.png\" aria-labelledby=\"t\"></a><p id=\"t\">Mer om brøk</p>",
            "<img src=\"kart.png\" alt=\"Kart\" usemap=\"#k\"><map name=\"k\"><area shape=\"rect\" coords=\"0,0,10,10\" href=\"oslo.html\" alt=\"Oslo\"></map>",
            "<a href=\"brok.html\" aria-hidden=\"true\"></a>",
            "<a>Ingen lenke</a>",
        ]
    ) { page in
        let names = PageNames(page)
        return candidates(in: page, named: ["a", "area"]).compactMap { node in
            guard page.isLinkRole(page.semanticRole(of: node)), !page.isHiddenFromAssistiveTechnology(node),
                  names.accessibleName(of: node).isEmpty else { return nil }
            let message = page.name(of: node) == "area"
                ? LocalizedText(nb: "Området i bildekartet har ikke noe navn. Skriv hvor det går i alt=\"…\".",
                                en: "The image map area has no name. Say where it goes in alt=\"…\".")
                : LocalizedText(nb: "Lenken har ikke noe navn. Skriv hvor den går som lenketekst, eller i alt=\"…\" på bildet i lenken.",
                                en: "The link has no name. Say where it goes as the link text, or in alt=\"…\" on the image in the link.")
            return .init(node: node, message: message)
        }
    }

    /// ACT e086e5's form field roles, and the input types that have no role but are fields.
    static let formFieldRoles: Set<String> = [
        "checkbox", "combobox", "listbox", "menuitemcheckbox", "menuitemradio", "radio", "searchbox", "slider", "spinbutton",
        "switch", "textbox",
    ]
    static let formFieldInputTypes: Set<String> = ["color", "date", "datetime-local", "file", "month", "password", "time", "week"]

    static let formFieldName = AccessibilityRule(
        code: "accessibility.form-field-name", act: "e086e5", wcag: ["4.1.2", "1.3.1", "2.5.3"],
        title: LocalizedText(nb: "Skjemafeltet mangler navn", en: "The form field has no name"),
        description: LocalizedText(
            nb: "Et felt elevene skal fylle ut eller krysse av trenger et navn: en <label> koblet til feltet (for=\"id\" eller rundt feltet), eller aria-label. Tekst som bare står ved siden av, teller ikke.",
            en: "A field pupils fill in or tick needs a name: a <label> tied to the field (for=\"id\" or around the field), or aria-label. Text that merely stands next to it does not count."),
        triggering: [
            "<p>Svar:</p><input>",
            "<label>Svar</label> <input type=\"date\">",
            "<label for=\"s\">Svar</label><div role=\"textbox\" id=\"s\"></div>",
            "<div id=\"t\"></div><select aria-labelledby=\"t\"><option>1/2</option></select>",
            "<input aria-label=\" \">",
        ],
        nonTriggering: [
            "<label>Svar <input></label>",
            "<label for=\"s\">Svar</label><input id=\"s\">",
            "<input aria-label=\"Svar\">",
            "<div role=\"checkbox\" tabindex=\"0\">Jeg har lest oppgaven</div>",
            "<input placeholder=\"Skriv svaret her\">",
            "<input aria-label=\"Svar\" style=\"display: none\">",
            "<select role=\"none\" disabled><option>1/2</option></select>",
        ]
    ) { page in
        let names = PageNames(page)
        return candidates(in: page, named: ["input", "select", "textarea", "datalist"]).compactMap { node in
            let role = page.semanticRole(of: node)
            let isField = role.map(formFieldRoles.contains) ?? false
                || (role == nil && page.name(of: node) == "input"
                    && formFieldInputTypes.contains(page.attribute("type", of: node)?.lowercased() ?? ""))
            guard isField, !page.isHiddenFromAssistiveTechnology(node), names.accessibleName(of: node).isEmpty else { return nil }
            if page.isFragment, isTaskListCheckbox(node, in: page) {
                return .init(node: node, message: LocalizedText(
                    nb: "Et punkt i en avkrysningsliste (- [ ]) blir en avkrysningsboks uten navn. Skriv punktet uten [ ], for eksempel «- ☐ Jeg kan …».",
                    en: "A task list item (- [ ]) becomes a checkbox without a name. Write the item without [ ], for example \"- ☐ I can …\"."))
            }
            return .init(node: node, message: LocalizedText(
                nb: "Feltet har ikke noe navn. Skriv en <label for=\"…\"> med id-en til feltet, eller legg <label> rundt feltet og teksten.",
                en: "The field has no name. Write a <label for=\"…\"> with the field's id, or put <label> around the field and its text."))
        }
    }

    // MARK: Structure

    static let headingName = AccessibilityRule(
        code: "accessibility.heading-name", act: "ffd0e9", wcag: ["1.3.1", "2.4.6"],
        title: LocalizedText(nb: "Overskriften er tom", en: "The heading is empty"),
        description: LocalizedText(
            nb: "En overskrift (h1–h6) må ha tekst skjermlesere kan lese, ellers hopper elevene til en overskrift som ikke sier noe. Et bilde med alt=\"\" eller tekst med aria-hidden gir ingen tekst.",
            en: "A heading (h1–h6) needs text screen readers can read, or pupils jump to a heading that says nothing. An image with alt=\"\" or text with aria-hidden gives no text."),
        triggering: [
            "<h2></h2>",
            "<h2><img src=\"logo.png\" alt=\"\"></h2>",
            "<h2 aria-label=\"\"><span aria-hidden=\"true\">Brøk</span></h2>",
            "<div role=\"heading\" aria-level=\"2\"></div>",
        ],
        nonTriggering: [
            "<h2>Brøk med pizza</h2>",
            "<h2><img src=\"logo.png\" alt=\"Brøk med pizza\"></h2>",
            "<h2 aria-hidden=\"true\"></h2>",
            "<span id=\"t\" hidden>Brøk</span><h2 aria-labelledby=\"t\">Kapittel 3</h2>",
        ]
    ) { page in
        let names = PageNames(page)
        return candidates(in: page, named: ["h1", "h2", "h3", "h4", "h5", "h6"]).compactMap { node in
            guard page.semanticRole(of: node) == "heading", !page.isHiddenFromAssistiveTechnology(node),
                  names.accessibleName(of: node).isEmpty else { return nil }
            return .init(node: node, message: LocalizedText(
                nb: "Overskriften har ingen tekst. Skriv hva delen handler om, eller fjern overskriften hvis den bare lager luft.",
                en: "The heading has no text. Say what the section is about, or remove the heading if it only makes space."))
        }
    }

    static let menuitemName = AccessibilityRule(
        code: "accessibility.menuitem-name", act: "m6b1q3", wcag: ["4.1.2"],
        title: LocalizedText(nb: "Menyvalget mangler navn", en: "The menu item has no name"),
        description: LocalizedText(
            nb: "Et element med role=\"menuitem\" må ha tekst som sier hva valget gjør, eller aria-label når det bare viser et ikon.",
            en: "An element with role=\"menuitem\" needs text saying what the choice does, or aria-label when it only shows an icon."),
        triggering: [
            "<div role=\"menu\"><button role=\"menuitem\"><img src=\"ny.svg\" alt=\"\"></button></div>",
            "<div role=\"menu\"><div role=\"menuitem\" tabindex=\"-1\"></div></div>",
        ],
        nonTriggering: [
            "<div role=\"menu\"><button role=\"menuitem\">Ny oppgave</button></div>",
            "<div role=\"menu\"><button role=\"menuitem\" title=\"Ny oppgave\"><img src=\"ny.svg\" alt=\"\"></button></div>",
            "<div role=\"menu\" hidden><button role=\"menuitem\"></button></div>",
            "<menu><li><a href=\"#\">Ny oppgave</a></li></menu>",
        ]
    ) { page in
        let names = PageNames(page)
        return candidates(in: page, named: []).compactMap { node in
            guard page.semanticRole(of: node) == "menuitem", !page.isHiddenFromAssistiveTechnology(node),
                  names.accessibleName(of: node).isEmpty else { return nil }
            return .init(node: node, message: LocalizedText(
                nb: "Menyvalget har ikke noe navn. Skriv hva det gjør som tekst i elementet, eller i aria-label=\"…\".",
                en: "The menu item has no name. Say what it does as text in the element, or in aria-label=\"…\"."))
        }
    }

    static let summaryName = AccessibilityRule(
        code: "accessibility.summary-name", act: "2t702h", wcag: ["4.1.2"],
        title: LocalizedText(nb: "Sammendraget (summary) er tomt", en: "The summary is empty"),
        description: LocalizedText(
            nb: "summary er knappen elevene trykker på for å åpne en details-boks; den må ha tekst som sier hva som skjuler seg, for eksempel «Vis løsningsforslag».",
            en: "summary is the button pupils press to open a details box; it needs text saying what is inside, for example \"Show the solution\"."),
        triggering: [
            "<details><summary></summary><p>Svaret er 3/4.</p></details>",
            "<details><summary role=\"none\"></summary><p>Svaret er 3/4.</p></details>",
            "<details><summary></summary><summary>Vis svaret</summary><p>Svaret er 3/4.</p></details>",
        ],
        nonTriggering: [
            "<details><summary>Vis svaret</summary><p>Svaret er 3/4.</p></details>",
            "<details><summary aria-label=\"Vis svaret\"></summary><p>Svaret er 3/4.</p></details>",
            "<details><summary>Vis svaret</summary><summary></summary><p>Svaret er 3/4.</p></details>",
            "<summary></summary>",
            "<details><div><summary></summary></div></details>",
            "<details style=\"display: none\"><summary></summary></details>",
        ]
    ) { page in
        let names = PageNames(page)
        return page.tree.elements(named: "summary").compactMap { node in
            // An explicit role other than none/presentation hands the element to that role's
            // rule; none/presentation is ignored on it, since the summary is focusable.
            guard page.isDetailsSummary(node), page.explicitRoleToken(of: node) == nil || page.isMarkedDecorative(node),
                  !page.isHiddenFromAssistiveTechnology(node), names.accessibleName(of: node).isEmpty else { return nil }
            return .init(node: node, message: LocalizedText(
                nb: "summary har ingen tekst. Skriv hva som skjuler seg i details-boksen, for eksempel «Vis løsningsforslag».",
                en: "The summary has no text. Say what the details box holds, for example \"Show the solution\"."))
        }
    }

    // MARK: Label in name

    static let labelInName = AccessibilityRule(
        code: "accessibility.label-in-name", act: "2ee8b8", wcag: ["2.5.3"],
        title: LocalizedText(nb: "Synlig tekst er ikke en del av navnet", en: "Visible text is not part of the name"),
        description: LocalizedText(
            nb: "Når en knapp eller lenke har aria-label eller aria-labelledby, må teksten som vises på den stå i navnet, ellers virker ikke talestyring («klikk Neste»). Skriv aria-label slik at den inneholder den synlige teksten.",
            en: "When a button or link has aria-label or aria-labelledby, the text shown on it must be in that name, or speech control (\"click Next\") does not work. Write aria-label so that it contains the visible text."),
        triggering: [
            "<a href=\"neste.html\" aria-label=\"Gå videre\">Neste</a>",
            "<button aria-label=\"hele\">Hele svaret</button>",
            "<a href=\"#\" aria-label=\"ikke-standard\">ikkestandard</a>",
        ],
        nonTriggering: [
            "<a href=\"neste.html\" aria-label=\"Neste oppgave\">Neste</a>",
            "<a href=\"neste.html\" aria-label=\"  neste  \">Neste</a>",
            "<button aria-label=\"Lukk\">X</button>",
            "<button aria-label=\"Søk\"><span class=\"material-icons\">search</span></button>",
            "<nav aria-label=\"Hovedmeny\">Meny</nav>",
            "<a href=\"/\" aria-label=\"Forsiden\"><img src=\"logo.png\" alt=\"Logo\"></a>",
        ]
    ) { page in
        let names = PageNames(page)
        let iconFonts = IconFonts(page)
        return page.elements.compactMap { node in
            guard page.hasNamingAttribute(node), let role = page.semanticRole(of: node),
                  NamingData.nameFromContentWidgetRoles.contains(role), !page.isHiddenFromAssistiveTechnology(node) else { return nil }
            let visible = page.visibleText(of: node, skipping: { iconFonts.drawsIcons(node: $0, in: page) })
            let label = textForLabelMatching(visible)
            guard !label.isEmpty, !isSymbol(label) else { return nil }
            let name = names.accessibleName(of: node)
            guard !textForLabelMatching(name).contains(label) else { return nil }
            return .init(node: node, message: LocalizedText(
                nb: "Navnet «\(name)» inneholder ikke den synlige teksten «\(visible)». Skriv aria-label slik at den begynner med den synlige teksten, eller fjern aria-label.",
                en: "The name “\(name)” does not contain the visible text “\(visible)”. Write aria-label so that it starts with the visible text, or remove aria-label."))
        }
    }

    /// Icon fonts (Material Icons, Font Awesome …) draw words as pictures: `search` shows a
    /// magnifying glass, so it is non-text content, not a visible label. Found from the page's
    /// own style elements (rules with a tag or class selector that set such a font-family),
    /// inline styles, and the class names icon fonts are used with.
    struct IconFonts {
        private var tags: Set<String> = []
        private var classes: Set<String> = []

        init(_ page: Page) {
            for rule in page.style.sheet.rules where rule.declarations.contains(where: Self.setsIconFont) {
                for simple in rule.selectors {
                    guard !simple.isEmpty, simple.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else { continue }
                    let parts = simple.split(separator: ".", omittingEmptySubsequences: false)
                    if let tag = parts.first, !tag.isEmpty, parts.count == 1 { tags.insert(String(tag)) }
                    for name in parts.dropFirst() where !name.isEmpty { classes.insert(String(name)) }
                }
            }
        }

        func drawsIcons(node: Int, in page: Page) -> Bool {
            let element = page.tree[node]
            if tags.contains(element.name) { return true }
            let classNames = (element.attribute("class") ?? "").lowercased().split(whereSeparator: \.isWhitespace)
            if classNames.contains(where: { classes.contains(String($0)) || $0.hasPrefix("material-icons") || $0.hasPrefix("material-symbols") }) {
                return true
            }
            return element.attribute("style").map { InlineStyle.declarations($0).contains(where: Self.setsIconFont) } ?? false
        }

        /// A declaration whose font-family names an icon font.
        private static func setsIconFont(_ declaration: StyleDeclaration) -> Bool {
            guard ["font-family", "font"].contains(declaration.property) else { return false }
            let value = declaration.value.lowercased()
            return ["icons", "symbols", "awesome", "glyphicons", "icomoon"].contains { value.contains($0) }
        }
    }

    /// Visible text and names as 2.5.3 compares them: case and runs of whitespace do not
    /// matter, and characters that are pictures rather than text (emoji, symbols, icon-font
    /// glyphs from the private use area) are left out.
    static func textForLabelMatching(_ text: String) -> String {
        let kept = text.lowercased().unicodeScalars.filter { scalar in
            switch scalar.properties.generalCategory {
            case .otherSymbol, .privateUse: return false
            default: return !scalar.properties.isEmojiPresentation
            }
        }
        return String(String.UnicodeScalarView(kept)).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// One letter or sign on its own ("X" for close, "+" for add) is a symbol, not a label
    /// (WCAG's "symbolic text characters"); a single digit is text.
    static func isSymbol(_ label: String) -> Bool {
        label.count == 1 && !(label.first?.isNumber ?? false)
    }

    // MARK: Helpers

    /// The checkbox Markdown's task list syntax (`- [ ] …`) becomes: a disabled checkbox as the
    /// first thing in a list item, with the item's text beside it but not tied to it.
    static func isTaskListCheckbox(_ node: Int, in page: Page) -> Bool {
        guard page.name(of: node) == "input", page.attribute("type", of: node)?.lowercased() == "checkbox",
              let item = page.tree[node].parent, page.name(of: item) == "li" || page.name(of: item) == "p" else { return false }
        return page.tree[item].children.first { page.tree[$0].kind == .element } == node
    }

    /// The elements that can have a rule's role: those with one of the names whose implicit
    /// role it is, and any with a role attribute. Working out the role of every element of a
    /// large page for every rule would be slow, and this is exact: an element without a role
    /// attribute has its implicit role.
    static func candidates(in page: Page, named names: Set<String>) -> [Int] {
        page.elements.filter { names.contains(page.name(of: $0)) || page.tree[$0].has("role") }
    }

    /// Whether an object element embeds an image, audio or video, as far as its `type`, or
    /// else the file extension (or data: URL type) of its `data`, tells.
    static func embedsMedia(_ node: Int, in page: Page) -> Bool {
        if let type = page.attribute("type", of: node)?.trimmingCharacters(in: .whitespaces).lowercased(), !type.isEmpty {
            return isMediaMIMEType(type)
        }
        guard let data = page.attribute("data", of: node)?.trimmingCharacters(in: .whitespaces), !data.isEmpty else { return false }
        if data.lowercased().hasPrefix("data:") {
            return isMediaMIMEType(String(data.dropFirst(5).prefix { $0 != ";" && $0 != "," }).lowercased())
        }
        let path = data.prefix { $0 != "?" && $0 != "#" }
        return mediaExtensions.contains((String(path) as NSString).pathExtension.lowercased())
    }

    /// MIME Sniffing's image, audio and video types (https://mimesniff.spec.whatwg.org/).
    private static func isMediaMIMEType(_ type: String) -> Bool {
        let essence = type.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces)
        return essence.hasPrefix("image/") || essence.hasPrefix("audio/") || essence.hasPrefix("video/") || essence == "application/ogg"
    }

    private static let mediaExtensions: Set<String> = [
        "apng", "avif", "bmp", "gif", "ico", "jpeg", "jpg", "png", "svg", "tif", "tiff", "webp",
        "aac", "flac", "m4a", "mp3", "oga", "ogg", "opus", "wav", "weba",
        "avi", "m4v", "mkv", "mov", "mp4", "mpeg", "mpg", "ogv", "webm",
    ]
}
