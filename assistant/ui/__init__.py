"""The web app, one component per tab (chat_tab, library_tab, cases_tab, course_tab), composed into the page
by app.GongzhiApp; the top-level app.py starts it. Beside them: the page's text in both languages and its
translation registry, the chat's HTML, the shared filters, memo, downloads and example questions, its CSS
and scripts, and the launch checks."""
