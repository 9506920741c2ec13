"""Fictional people's names for the demo organisation, and their e-mail addresses.

The lists mix names common in the Netherlands today, including those of Dutch
people with Turkish, Moroccan, Surinamese, Antillean, Indonesian, Polish and
other roots. Combinations are drawn at random, so any resemblance to a real
person is coincidence.
"""

# Turkish names are written with the dotless i (U+0131) on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import re

from plein.core.text import fold


def _names(text: str) -> tuple[str, ...]:
    """Split a comma-separated block; kept as text so the lists stay compact and readable."""
    return tuple(name.strip() for name in text.split(",") if name.strip())


FEMALE_FIRST_NAMES = _names(
    """
    Anna, Emma, Sanne, Lotte, Fleur, Iris, Julia, Lisa, Sophie, Eva, Anouk, Femke, Marieke, Ingrid,
    Petra, Monique, Wilma, Annemarie, Esther, Karin, Linda, Marloes, Nicole, Renée, Saskia, Yvonne,
    Inge, Joke, Hanneke, Maaike, Noor, Roos, Tessa, Lieke, Merel, Floor, Janneke, Annelies, Miriam,
    Gerda, Fatma, Ayşe, Elif, Zeynep, Emine, Büşra, Fatima, Khadija, Naima, Samira, Nadia, Yasmina,
    Soumaya, Latifa, Hanane, Shanti, Priya, Radha, Sharda, Anjali, Ashanti, Jolanda, Chantal, Shirley,
    Natasja, Dewi, Sari, Indah, Agnieszka, Katarzyna, Magdalena, Ilse, Sofía, Chloé, Hélène, Amal,
    Layla, Mila, Zoë, Hülya
    """
)

MALE_FIRST_NAMES = _names(
    """
    Jan, Pieter, Kees, Henk, Willem, Bart, Thijs, Daan, Sem, Lucas, Jeroen, Marco, Erik, Rob, Ruud,
    Sander, Martijn, Bas, Wouter, Stefan, Johan, Gerrit, Hans, Frank, Paul, Dennis, Niels, Tim, Joost,
    Maarten, Bram, Koen, Luuk, Jesse, Ruben, Sjoerd, Hidde, Tjeerd, Gijs, Floris, Mehmet, Mustafa,
    Ahmet, Emre, Burak, Hakan, Murat, Kerem, Oğuz, Gökhan, Mohamed, Youssef, Karim, Hamza, Bilal,
    Rachid, Mustapha, Abdelkader, Said, Anouar, Rajesh, Ravi, Sunil, Dinesh, Glenn, Romano, Ricardo,
    Clyde, Marvin, Jurgen, Arjun, Agus, Budi, Piotr, Tomasz, Krzysztof, Ömer, René, Joël, Teun
    """
)

# Names given to children of any gender; used sparingly so the mix stays realistic.
NEUTRAL_FIRST_NAMES = _names(
    """
    Sam, Robin, Noa, Charlie, Kim, Luca, Alex, Jip, Nour, Eden, Ilan, Sasha, Quinn, Jamie, Dani
    """
)

# Tussenvoegsel and surname together, as Dutch addresses and directories write them.
LAST_NAMES = _names(
    """
    de Vries, de Jong, Jansen, Bakker, Visser, Smit, Meijer, de Boer, Mulder, de Groot, Bos, Vos,
    Peters, Hendriks, van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra, Smits, de Graaf, van der Meer,
    van der Linden, Kok, Jacobs, de Haan, Vermeulen, van den Berg, van der Heijden, van der Veen,
    van den Broek, de Bruijn, de Bruin, van der Wal, Schouten, van Beek, Willems, van Dijk, Hoekstra,
    Maas, Verhoeven, Koster, van Dam, Prins, Blom, Huisman, Peeters, de Kok, Kuipers, van Wijk, Post,
    Kuiper, Veenstra, Kramer, van den Brink, Scholten, van Vliet, van de Ven, Hermans, Timmermans,
    Groen, Gerritsen, Bosman, Wouters, de Lange, van der Laan, Martens, Evers, Hoogendoorn, Verbeek,
    ten Brink, ter Horst, van 't Hof, in 't Veld, Oosterhuis, Wolters, Schipper, Molenaar, Yılmaz,
    Kaya, Demir, Şahin, Çelik, Yıldız, Öztürk, Aydın, Arslan, Doğan, Koç, Kılıç, Aksoy, Erdoğan, Polat,
    El Amrani, El Idrissi, Bouzid, Benali, Ait Taleb, El Khatib, Ouali, Boukhari, Azzouzi, Haddou,
    El Hamdaoui, Tahiri, Ziani, Amrani, Bakkali, Ramdin, Jagessar, Sewdien, Ramautar, Kalloe, Sitaldin,
    Biharie, Mahabier, Pinas, Kross, Held, Wijngaarde, Martina, Francisca, Rosaria, Statia, Tjoa, Liem,
    Sutanto, Hutapea, Pattinama, Latuhihin, Wójcik, Nowak, Mazur, Mensah, Osei, Haile, Tesfaye,
    Nguyen, Tran, Ahmadi, Hosseini, Mohammadi, Rahimi, Hassan, Ali, Abdi, Farah
    """
)

# Letters NFKD does not split into base letter plus accent.
_NOT_IN_LOCAL_PART = re.compile(r"[^a-z0-9-]")


def email_local_part(first_name: str, last_name: str) -> str:
    """``voornaam.achternaam`` with spaces and apostrophes dropped: ``jan.vanthof``."""
    first = _NOT_IN_LOCAL_PART.sub("", fold(first_name))
    last = _NOT_IN_LOCAL_PART.sub("", fold(last_name))
    return f"{first}.{last}"
