from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lantoa.org.selectors import unit_directory_tree


def unit_directory(request: HttpRequest) -> HttpResponse:
    """The public list of units: names and contacts only, never members."""
    return render(request, "org/unit_directory.html", {"tree": unit_directory_tree()})
